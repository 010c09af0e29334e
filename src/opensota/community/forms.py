"""The site's forms for proposals, reproduction reports and reviews.

Why forms at all when `community.kinds` checks every payload: they keep what the user
typed so a refused proposal is shown again intact, they refuse what never belongs in
the catalog before it reaches it (null bytes, overlong text), and they strip invisible
control and bidirectional-override characters from free text (evidence, reasons) that
the kinds store as written. What the change *means* stays the kinds' business: a form
only turns fields into the kind's payload.

The same field names are used by the small forms embedded in the paper, leaderboard,
task and dataset pages (templates/community/includes/), which post here.
"""

from __future__ import annotations

from django import forms

from opensota.catalog.models import Repository
from opensota.community.models import Proposal
from opensota.editing import plain_text
from opensota.evaluations.models import EvaluationTable, Metric, Result

TRISTATE = [("", "Unknown"), ("true", "Yes"), ("false", "No")]
DIRECTIONS = [("", "Unknown"), ("true", "Higher is better"), ("false", "Lower is better")]

def _text(label: str, limit: int, required: bool = False, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, max_length=limit, required=required, **kwargs)


def _hidden(limit: int = 1000) -> forms.CharField:
    return forms.CharField(max_length=limit, widget=forms.HiddenInput)


def _tristate(value: str) -> bool | None:
    return {"true": True, "false": False}.get(value)


class CleanTextForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        return {key: plain_text(value).strip() if isinstance(value, str) else value for key, value in cleaned.items()}

    def one_line_error(self) -> str:
        """The first error, as one line: "Model name: This field is required."."""
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else None
            return f"{label}: {errors[0]}" if label else errors[0]
        return ""


class ProposalForm(CleanTextForm):
    """Evidence and the page to return to; subclasses add the kind's fields and `payload`."""

    kind = ""
    title = ""
    submit = "Propose"

    next = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)
    evidence = _text("Evidence (why)", 5000, widget=forms.Textarea(attrs={"rows": 2}),
                     help_text="Where this comes from; helps the moderator.")
    evidence_url = _text("Evidence URL", 1000, widget=forms.URLInput(attrs={"placeholder": "https://"}))

    field_order = ["next"]

    def __init__(self, data=None, params=None):
        super().__init__(data, initial={key: value for key, value in (params or {}).items() if key in self.base_fields})
        # Evidence last, below the kind's own fields.
        self.order_fields([name for name in self.fields if name not in ("evidence", "evidence_url")]
                          + ["evidence", "evidence_url"])

    def payload(self) -> dict:
        raise NotImplementedError


class AddCodeLinkForm(ProposalForm):
    kind, title, submit = "add_code_link", "Add a code link", "Propose code link"
    paper = _hidden()
    url = _text("Repository URL", 1000, required=True,
                widget=forms.URLInput(attrs={"placeholder": "https://github.com/owner/name"}))
    is_official = forms.BooleanField(label="Official (by the paper's authors)", required=False)
    framework = forms.ChoiceField(choices=Repository.FRAMEWORKS, initial="none")

    def payload(self) -> dict:
        data = self.cleaned_data
        return {"paper": data["paper"], "url": data["url"], "is_official": data["is_official"],
                "framework": data["framework"]}


class _LinkForm(ProposalForm):
    paper = _hidden()
    url = _hidden()

    def payload(self) -> dict:
        return {"paper": self.cleaned_data["paper"], "url": self.cleaned_data["url"]}


class RemoveCodeLinkForm(_LinkForm):
    kind, title, submit = "remove_code_link", "Remove a code link", "Propose removal"


class MarkOfficialForm(_LinkForm):
    kind, title, submit = "mark_official", "Mark code official", "Propose as official"

    def payload(self) -> dict:
        return {**super().payload(), "is_official": True}


class TagPaperTaskForm(ProposalForm):
    kind, title, submit = "tag_paper_task", "Tag a paper with a task", "Propose tag"
    paper = _hidden()
    task = _text("Task (slug)", 300, required=True, widget=forms.TextInput(attrs={"placeholder": "question-answering"}))

    def payload(self) -> dict:
        return {"paper": self.cleaned_data["paper"], "task": self.cleaned_data["task"]}


class _MetricsForm(ProposalForm):
    """One input per metric of a leaderboard, named metric_<id> (names may be any text)."""

    def add_metric_fields(self, metrics, values: dict | None = None) -> None:
        self.metrics = list(metrics)
        for metric in self.metrics:
            self.fields[f"metric_{metric.id}"] = _text(metric.name, 100, initial=(values or {}).get(metric.name, ""))

    def metric_values(self) -> dict[str, str]:
        return {metric.name: self.cleaned_data[f"metric_{metric.id}"] for metric in self.metrics
                if self.cleaned_data.get(f"metric_{metric.id}")}


class AddResultForm(_MetricsForm):
    kind, title, submit = "add_result", "Add a result", "Propose result"
    table = _hidden(500)
    model_name = _text("Model name", 300, required=True)
    paper = _text("Paper (slug or URL)", 1000)
    source_url = _text("Source URL", 1000, widget=forms.URLInput(attrs={"placeholder": "https://"}))
    source_table = _text("Source table or caption", 300)
    uses_additional_data = forms.ChoiceField(label="Extra training data", choices=TRISTATE, required=False)

    def __init__(self, data=None, params=None):
        super().__init__(data, params)
        slug = (data or params or {}).get("table", "")
        self.board = EvaluationTable.objects.filter(slug=slug[:500]).select_related("task", "dataset").first()
        self.add_metric_fields(Metric.objects.filter(table=self.board).order_by("position") if self.board else [])
        self.order_fields(["next", "table", "model_name", *(f"metric_{m.id}" for m in self.metrics)])

    def payload(self) -> dict:
        data = self.cleaned_data
        return {"table": data["table"], "model_name": data["model_name"], "metrics": self.metric_values(),
                "paper": data["paper"], "source_url": data["source_url"], "source_table": data["source_table"],
                "uses_additional_data": _tristate(data["uses_additional_data"])}


class CorrectResultForm(_MetricsForm):
    """The row's current values filled in; only the ones changed are proposed."""

    kind, title, submit = "correct_result", "Correct a result", "Propose correction"
    result = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)
    model_name = _text("Model name", 300)
    source_url = _text("Source URL", 1000, widget=forms.URLInput(attrs={"placeholder": "https://"}))

    def __init__(self, data=None, params=None):
        super().__init__(data, params)
        key = str((data or params or {}).get("result", ""))
        self.row = Result.objects.filter(pk=key).select_related("table").first() if key.isdigit() else None
        metrics = Metric.objects.filter(table_id=self.row.table_id).order_by("position") if self.row else []
        self.add_metric_fields(metrics, self.row.metrics_raw if self.row else {})
        if self.row is not None:
            self.fields["model_name"].initial = self.row.model_name
        self.order_fields(["next", "result", "model_name", *(f"metric_{m.id}" for m in self.metrics)])

    def clean(self):
        cleaned = self.cleaned_data = super().clean()
        if self.row is not None and not self.errors and not self.payload()["metrics"]:
            raise forms.ValidationError("Change at least one value.")
        return cleaned

    def payload(self) -> dict:
        data = self.cleaned_data
        current = self.row.metrics_raw if self.row else {}
        changed = {name: value for name, value in self.metric_values().items() if current.get(name) != value}
        payload = {"result": data.get("result"), "metrics": changed, "source_url": data.get("source_url", "")}
        if self.row is not None and data.get("model_name") and data["model_name"] != self.row.model_name:
            payload["model_name"] = data["model_name"]
        return payload


class _NamedForm(ProposalForm):
    name = _text("Name", 300, required=True)
    description = _text("Description", 2000, widget=forms.Textarea(attrs={"rows": 3}))

    def payload(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items()
                if key not in ("next", "evidence", "evidence_url")}


class AddTaskForm(_NamedForm):
    kind, title, submit = "add_task", "Propose a task", "Propose task"
    area = _text("Area (slug or name)", 300)
    parent = _text("Parent task (slug)", 300)


class AddDatasetForm(_NamedForm):
    kind, title, submit = "add_dataset", "Propose a dataset", "Propose dataset"
    full_name = _text("Full name", 300)
    url = _text("Homepage", 1000, widget=forms.URLInput(attrs={"placeholder": "https://"}))


class AddMethodForm(_NamedForm):
    kind, title, submit = "add_method", "Propose a method", "Propose method"
    full_name = _text("Full name", 300)


class AddMetricForm(ProposalForm):
    kind, title, submit = "add_metric", "Propose a metric for a leaderboard", "Propose metric"
    table = _text("Leaderboard (slug)", 500, required=True,
                  widget=forms.TextInput(attrs={"placeholder": "question-answering-on-squad1-1"}))
    name = _text("Metric name", 200, required=True)
    higher_is_better = forms.ChoiceField(label="Direction", choices=DIRECTIONS, required=False)

    def payload(self) -> dict:
        data = self.cleaned_data
        return {"table": data["table"], "name": data["name"], "higher_is_better": _tristate(data["higher_is_better"])}


class _MergeForm(ProposalForm):
    source = _hidden(300)
    into = _text("Merge into (slug)", 300, required=True)

    def payload(self) -> dict:
        return {"source": self.cleaned_data["source"], "into": self.cleaned_data["into"]}


class MergeTasksForm(_MergeForm):
    kind, title, submit = "merge_tasks", "Merge this task into another", "Propose merge"


class MergeDatasetsForm(_MergeForm):
    kind, title, submit = "merge_datasets", "Merge this dataset into another", "Propose merge"


FORMS: dict[str, type[ProposalForm]] = {form.kind: form for form in (
    AddCodeLinkForm, RemoveCodeLinkForm, MarkOfficialForm, TagPaperTaskForm, AddResultForm, CorrectResultForm,
    AddTaskForm, AddDatasetForm, AddMethodForm, AddMetricForm, MergeTasksForm, MergeDatasetsForm,
)}
CONTRIBUTE_KINDS = ("add_task", "add_dataset", "add_method", "add_metric")


class ReproductionForm(CleanTextForm):
    """A reproduction report on one row: the metric is one of the row's leaderboard."""

    next = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)
    metric = forms.TypedChoiceField(coerce=int, choices=[])
    value = _text("Value you got", 100, required=True)
    logs_url = _text("Logs URL", 1000, widget=forms.URLInput(attrs={"placeholder": "https://"}))
    notes = _text("Notes", 2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, result: Result, data=None, params=None):
        super().__init__(data, initial={"next": (params or {}).get("next", "")})
        self.metrics = {metric.id: metric for metric in Metric.objects.filter(table_id=result.table_id)
                        .order_by("position")}
        self.fields["metric"].choices = [(key, metric.name) for key, metric in self.metrics.items()]


class ProposalChoices(forms.ModelMultipleChoiceField):
    """Proposal ids; one too large for the database is refused, not a server error (SQLite)."""

    def clean(self, value):
        if any(not str(item).isdigit() or int(item) >= 2**63 for item in value or []):
            raise forms.ValidationError("Select proposals from the list.", code="invalid_pk_value")
        return super().clean(value)


class ReviewForm(CleanTextForm):
    """Accept or reject: one proposal (its page) or several (the queue's checkboxes)."""

    action = forms.ChoiceField(choices=[("accept", "Accept"), ("reject", "Reject")])
    reason = _text("Reason", 2000)
    # Any proposal: one reviewed meanwhile is reported by the service, not refused here.
    proposals = ProposalChoices(queryset=Proposal.objects.all(), required=False)
