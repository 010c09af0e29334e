from django.contrib import admin

from opensota.evaluations.direction import infer_higher_is_better
from opensota.evaluations.models import DIRECTIONS, EvaluationTable, Metric, MetricDirection, Result


class MetricInline(admin.TabularInline):
    model = Metric
    extra = 0


@admin.register(EvaluationTable)
class EvaluationTableAdmin(admin.ModelAdmin):
    list_display = ["slug", "task", "dataset"]
    search_fields = ["slug"]
    raw_id_fields = ["task", "dataset", "parent"]
    inlines = [MetricInline]


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["model_name", "table", "paper_date", "source"]
    list_filter = ["source"]
    search_fields = ["model_name", "paper_title"]
    raw_id_fields = ["table", "paper"]


@admin.register(MetricDirection)
class MetricDirectionAdmin(admin.ModelAdmin):
    """Overrides of what a metric's name suggests; saving one re-directs its metrics."""

    list_display = ["name", "higher_is_better", "inferred_direction", "updated_at"]
    list_filter = ["higher_is_better"]
    search_fields = ["name", "note"]
    fields = ["name", "higher_is_better", "inferred_direction", "note", "updated_at"]
    readonly_fields = ["inferred_direction", "updated_at"]

    @admin.display(description="What the name suggests")
    def inferred_direction(self, override: MetricDirection) -> str:
        if not override.name:
            return "-"
        return dict(DIRECTIONS)[infer_higher_is_better(override.name)]
