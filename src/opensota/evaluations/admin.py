from django.contrib import admin

from opensota.evaluations.models import EvaluationTable, Metric, Result


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
