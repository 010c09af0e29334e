"""The extractor as a stage over the database: tables kept, results proposed, never forced
into a leaderboard, what people decided kept across re-extractions."""

from __future__ import annotations

import pytest

from opensota.catalog.models import Paper
from opensota.community import service
from opensota.community.models import Edit, Proposal
from opensota.evaluations.models import EvaluationTable, Result
from opensota.extraction import stage
from opensota.extraction.document import Document, ReferencedCell, Table
from opensota.extraction.models import ExtractedTable, Extraction, FoundResult
from opensota.taxonomy.models import Dataset, Task
from tests.community.conftest import make_user
from tests.extraction.factories import PAPER, document, result, unknown

pytestmark = pytest.mark.django_db
SNLI = "natural-language-inference-on-snli"


@pytest.fixture
def moderator():
    return make_user("mona", "moderator")


@pytest.fixture
def contributor():
    return make_user("carla", "contributor")


def paper() -> Paper:
    return Paper.objects.get(slug=PAPER)


def store(results, accept=None, doc=None):
    return stage.store_extraction(paper(), doc or document(), results, "1606.01933.tex", "digest-1", accept)


def snli_rows() -> int:
    return Result.objects.filter(table__slug=SNLI).count()


def test_the_vocabulary_is_the_catalogs_names_and_leaderboards():
    vocabulary = stage.vocabulary_from_database()
    assert "Natural Language Inference" in {term.name for term in vocabulary.tasks}
    assert "SNLI" in {term.name for term in vocabulary.datasets}
    metric = next(term for term in vocabulary.metrics if term.name == "% Test Accuracy")
    assert metric.higher_is_better is True
    assert vocabulary.leaderboards[("Natural Language Inference", "SNLI", "% Test Accuracy")] == \
        Result.objects.filter(table__slug=SNLI, values__metric__name="% Test Accuracy").count() > 10
    squad = next(term for term in vocabulary.datasets if term.name == "SQuAD1.1")
    assert squad.aliases == () or all(isinstance(alias, str) for alias in squad.aliases)


def test_the_vocabulary_knows_the_tasks_a_dataset_is_filed_under_without_a_leaderboard():
    task = Task.objects.create(name="Story Cloze Testing", slug="story-cloze-testing")
    dataset = Dataset.objects.create(name="ROCStories Cloze", slug="rocstories-cloze")
    dataset.tasks.add(task)
    vocabulary = stage.vocabulary_from_database()
    assert vocabulary.dataset_tasks["ROCStories Cloze"] == ("Story Cloze Testing",)
    assert vocabulary.tasks_of("ROCStories Cloze") == {}


def test_results_become_proposals_with_their_provenance_and_nothing_enters_a_leaderboard():
    before = snli_rows()
    report = store([result("85.1", row=3, column=2, model="Our approach (ablated)"), result("84.0", row=2)])
    assert (report.papers, report.tables, report.results, report.proposed, report.accepted) == (1, 1, 2, 2, 0)
    assert snli_rows() == before
    proposals = Proposal.objects.filter(source=Proposal.EXTRACTOR).order_by("id")
    assert [p.kind for p in proposals] == ["add_extracted_result"] * 2
    first = next(proposal for proposal in proposals if proposal.payload["value"] == "85.1")
    assert first.status == Proposal.PENDING and first.author is None and not first.applied
    assert first.payload["provenance"] == {
        "source": "1606.01933.tex", "table": 1, "label": "table:snli-results",
        "caption": first.payload["provenance"]["caption"], "row": 3, "column": 2, "cell": "85.1",
        "row_header": "Our approach (ablated)", "column_header": "Test Acc"}
    assert first.payload["value"] == "85.1" and first.payload["number"] == 85.1 and first.payload["own"] is True
    assert first.payload["as_written"]["metric"] == "Test Acc" and first.payload["confidence"] == 0.9
    assert "table 1" in first.evidence and "\u201c85.1\u201d" in first.evidence and first.target == f"paper {PAPER}"
    table = ExtractedTable.objects.get(paper=paper(), number=1)
    assert table.caption.startswith("Train/test accuracies") and table.grid[4][2] == {"text": "86.8", "bold": True}
    extraction = Extraction.objects.get(paper=paper())
    assert (extraction.source_digest, extraction.tables, extraction.proposed) == ("digest-1", 1, 2)
    assert extraction.extractor_version == stage.extractor_version()


def test_a_moderator_accepts_a_result_into_the_leaderboard_and_can_revert_it(moderator):
    store([result("85.1", row=3)])
    proposal = Proposal.objects.get(source=Proposal.EXTRACTOR)
    diff = {field: after for field, _, after in service.diff(proposal)}
    assert diff["task"] == "Natural Language Inference" and diff["metric"] == "% Test Accuracy"
    assert "leaderboard" not in diff  # it exists: nothing new to create
    service.accept(proposal, moderator)
    row = Result.objects.get(table__slug=SNLI, model_name="Our approach with intra-sentence attention")
    assert row.source == "extracted" and row.paper == paper() and row.paper_date == paper().published
    assert row.metrics_raw == {"% Test Accuracy": "85.1"}
    assert FoundResult.objects.get(proposal=proposal).status == Proposal.ACCEPTED
    service.revert(Edit.objects.get(proposal=proposal), moderator)
    assert not Result.objects.filter(pk=row.pk).exists()


def test_unknown_names_are_proposed_as_new_names_created_on_accept_and_removed_on_revert(moderator):
    store([result("83.7", row=4, column=1, task=unknown("Entailment Breakdown"), dataset=unknown("SNLI Dev Classes"),
                  metric=unknown("Neutral Accuracy"))])
    proposal = Proposal.objects.get(source=Proposal.EXTRACTOR)
    diff = {field: after for field, _, after in service.diff(proposal)}
    assert diff["task"] == "new task 'Entailment Breakdown'"
    assert diff["dataset"] == "new dataset 'SNLI Dev Classes'"
    assert diff["metric"] == "new metric 'Neutral Accuracy'"
    assert diff["leaderboard"] == "new leaderboard 'Entailment Breakdown on SNLI Dev Classes'"
    assert FoundResult.objects.get(proposal=proposal).new_names == ["task", "dataset", "metric"]
    service.accept(proposal, moderator)
    table = EvaluationTable.objects.get(task__name="Entailment Breakdown", dataset__name="SNLI Dev Classes")
    assert [m.name for m in table.metrics.all()] == ["Neutral Accuracy"]
    assert table.results.get().metrics_raw == {"Neutral Accuracy": "83.7"}
    service.revert(Edit.objects.get(proposal=proposal), moderator)
    assert not EvaluationTable.objects.filter(pk=table.pk).exists()
    assert not Task.objects.filter(name="Entailment Breakdown").exists()
    assert not Dataset.objects.filter(name="SNLI Dev Classes").exists()


def test_a_known_task_gets_a_new_leaderboard_that_a_revert_removes_again(moderator):
    task = Task.objects.get(name="Natural Language Inference")
    in_dump = task.in_evaluation_dump
    store([result("70.0", dataset=unknown("Tiny NLI Probe"))])
    proposal = Proposal.objects.get(source=Proposal.EXTRACTOR)
    service.accept(proposal, moderator)
    assert EvaluationTable.objects.filter(task=task, dataset__name="Tiny NLI Probe").exists()
    service.revert(Edit.objects.get(proposal=proposal), moderator)
    assert not EvaluationTable.objects.filter(dataset__name="Tiny NLI Probe").exists()
    assert Task.objects.get(pk=task.pk).in_evaluation_dump == in_dump


def test_a_value_already_on_the_leaderboard_is_not_proposed_again():
    report = store([result("86.8"), result("80.6", row=2, model="300D LSTM RNN encoders", own=False)])
    own = FoundResult.objects.get(value_text="86.8")
    assert own.proposal is None and own.result.table.slug == SNLI and own.result.paper == paper()
    assert own.status == "on the leaderboard"
    assert report.on_leaderboards >= 1


def test_a_re_extraction_replaces_pending_proposals_and_keeps_what_people_decided(moderator):
    results = [result("85.1", row=3), result("84.0", row=2, model="Variant B"), result("83.0", row=1, model="C")]
    store(results)
    accepted, rejected, pending = sorted(Proposal.objects.filter(source=Proposal.EXTRACTOR),
                                         key=lambda p: p.payload["value"], reverse=True)
    service.accept(accepted, moderator)
    service.reject(rejected, moderator, "a development-set figure")
    report = store(results)
    assert report.decided_before == 2 and report.proposed == 1
    assert not Proposal.objects.filter(pk=pending.pk).exists()  # replaced by a new one
    statuses = sorted(Proposal.objects.filter(source=Proposal.EXTRACTOR).values_list("status", flat=True))
    assert statuses == ["accepted", "pending", "rejected"]
    assert FoundResult.objects.filter(paper=paper()).count() == 3
    assert ExtractedTable.objects.filter(paper=paper()).count() == 1


def test_the_threshold_rule_accepts_only_confident_results_on_existing_leaderboards(moderator):
    before = snli_rows()
    report = store([result("85.1", row=3, confidence=0.95), result("84.0", row=2, model="B", confidence=0.5),
                    result("70.0", dataset=unknown("Tiny NLI Probe"), confidence=0.99)], accept=0.9)
    assert (report.accepted, report.proposed) == (1, 2)
    assert snli_rows() == before + 1
    auto = Proposal.objects.get(status=Proposal.ACCEPTED)
    assert auto.reviewed_by is None and "OPENSOTA_EXTRACT_ACCEPT=0.9" in auto.review_reason
    edit = Edit.objects.get(proposal=auto)
    assert edit.user is None
    service.revert(edit, moderator)
    assert snli_rows() == before


def test_the_threshold_setting_is_off_by_default_and_checked(monkeypatch):
    monkeypatch.delenv(stage.ACCEPT_SETTING, raising=False)
    assert stage.accept_threshold() is None
    monkeypatch.setenv(stage.ACCEPT_SETTING, "0.85")
    assert stage.accept_threshold() == 0.85
    for bad in ("1.5", "high"):
        monkeypatch.setenv(stage.ACCEPT_SETTING, bad)
        with pytest.raises(ValueError, match=stage.ACCEPT_SETTING):
            stage.accept_threshold()


def test_people_cannot_propose_the_extractors_kind(contributor):
    from opensota.editing import Invalid

    with pytest.raises(Invalid, match="automation"):
        service.propose(contributor, "add_extracted_result", {"paper": PAPER})


def test_a_result_whose_names_cannot_be_records_is_a_warning_not_a_failure():
    report = store([result("85.1", task=unknown("—")), result("84.0", row=2, model="B")])
    assert report.proposed == 1 and report.warnings == 1
    assert "task name needs at least one letter" in Extraction.objects.get(paper=paper()).warnings[0]


def test_a_pdf_table_keeps_its_headers_beside_the_numbers():
    cells = [ReferencedCell("86.8", ("Ours",), ("SNLI", "Test"), row=1, col=0, bold=True),
             ReferencedCell("80.6", ("LSTM",), ("SNLI", "Test"), row=0, col=0)]
    pdf = Document(key="x", tables=[Table(number=1, caption="Table 1: results")], referenced_cells={1: cells})
    store([], doc=pdf)
    table = ExtractedTable.objects.get(paper=paper())
    assert table.grid == [[{"text": "80.6", "bold": False}], [{"text": "86.8", "bold": True}]]
    assert table.row_headers == ["LSTM", "Ours"] and table.column_headers == ["SNLI / Test"]


def test_the_catalog_stage_extracts_only_new_or_changed_sources(tmp_path, monkeypatch):
    calls = []

    def read(path):
        calls.append(path.name)
        return document()

    monkeypatch.setattr(stage, "read_source", read)
    monkeypatch.setattr(stage, "extractor_for", lambda vocabulary: lambda doc: [result("85.1", row=3)])
    (tmp_path / "1606.01933.tex").write_text("\\begin{document}v1\\end{document}")
    (tmp_path / "9999.99999.tex").write_text("a paper the catalog does not have")
    (tmp_path / "notes.txt").write_text("not a source")
    first = stage.extract_catalog(tmp_path, accept=None)
    assert (first.papers, first.proposed, first.unchanged, calls) == (1, 1, 0, ["1606.01933.tex"])
    again = stage.extract_catalog(tmp_path, accept=None)
    assert (again.papers, again.unchanged) == (0, 1)
    (tmp_path / "1606.01933.tex").write_text("\\begin{document}v2\\end{document}")
    assert stage.extract_catalog(tmp_path, accept=None).papers == 1
    monkeypatch.setattr(stage, "extractor_version", lambda: "a newer version")
    assert stage.extract_catalog(tmp_path, accept=None).papers == 1
    assert Proposal.objects.filter(source=Proposal.EXTRACTOR).count() == 1  # replaced, not piled up
