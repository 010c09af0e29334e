"""Every kind of proposal through the site: a contributor proposes it on its page, it waits
in the moderation queue, a moderator accepts it, the page shows it, the history lists it,
and a revert puts the page back as it was."""

from __future__ import annotations

import pytest
from django.test import Client

from opensota.catalog.models import Paper, PaperRepository, Repository
from opensota.community import reproductions, service
from opensota.community.models import Edit, Proposal, ReproductionReport
from opensota.evaluations.models import Metric, Result
from opensota.taxonomy.models import Dataset, Task

pytestmark = pytest.mark.django_db
BERT = "bert-pre-training-of-deep-bidirectional-transformers-for-language-understanding"
SQUAD = "question-answering-on-squad1-1"
PAPER, BOARD = f"/paper/{BERT}", f"/sota/{SQUAD}"



def html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def status(url: str) -> int:
    return Client().get(url).status_code


def unofficial_link() -> PaperRepository:
    """An accepted, not-official code link of BERT (made if the sample has none)."""
    link = PaperRepository.objects.filter(paper__slug=BERT, status="accepted").exclude(is_official=True).first()
    if link is None:
        repository = Repository.objects.create(url="https://github.com/x/bert-port", slug="x/bert-port",
                                               owner="x", name="bert-port")
        link = PaperRepository.objects.create(paper=Paper.objects.get(slug=BERT), repository=repository,
                                              url=repository.url, is_official=False)
    return link


def luke() -> Result:
    return Result.objects.get(table__slug=SQUAD, model_name="LUKE (single model)")


def metric_fields(values: dict[str, str]) -> dict[str, str]:
    return {f"metric_{Metric.objects.get(table__slug=SQUAD, name=name).id}": value for name, value in values.items()}


def link_chunk(page: str, url: str) -> str:
    """The code-list entry of `url` on a paper page, up to its "details" link."""
    return page.split(f'href="{url}"', 1)[1].split('class="muted small"', 1)[0]


# kind -> (form fields, the page they are posted from, is the change visible to an anonymous reader?)
CASES = {
    "add_code_link": (
        lambda: {"paper": BERT, "url": "https://github.com/someone/bert-reimplementation", "framework": "pytorch"},
        lambda: PAPER,
        lambda data: 'href="https://github.com/someone/bert-reimplementation"' in html(Client(), PAPER),
    ),
    "remove_code_link": (
        lambda: {"paper": BERT, "url": unofficial_link().url},
        lambda: PAPER,
        lambda data: f'href="{data["url"]}"' not in html(Client(), PAPER),
    ),
    "mark_official": (
        lambda: {"paper": BERT, "url": unofficial_link().url},
        lambda: PAPER,
        lambda data: "badge official" in link_chunk(html(Client(), PAPER), data["url"]),
    ),
    "tag_paper_task": (
        lambda: {"paper": BERT, "task": "question-answering"},
        lambda: PAPER,
        lambda data: 'href="/task/question-answering"' in html(Client(), PAPER),
    ),
    "add_result": (
        lambda: {"table": SQUAD, "model_name": "Community BERT", **metric_fields({"EM": "99.1", "F1": "99.9"}),
                 "paper": BERT, "source_url": "https://arxiv.org/abs/1810.04805", "source_table": "Table 2"},
        lambda: BOARD,
        lambda data: "Community BERT" in html(Client(), BOARD),
    ),
    "correct_result": (
        lambda: {"result": luke().id, "model_name": luke().model_name,
                 **metric_fields({"EM": "90.337", "F1": luke().metrics_raw["F1"]})},
        lambda: BOARD,
        lambda data: ">90.337</td>" in html(Client(), BOARD),
    ),
    "add_task": (
        lambda: {"name": "Proof Search", "description": "Finding proofs.", "area": ""},
        lambda: "/contribute",
        lambda data: status("/task/proof-search") == 200,
    ),
    "add_dataset": (
        lambda: {"name": "ProofNet Mini", "url": "https://example.org/proofnet"},
        lambda: "/contribute",
        lambda data: status("/dataset/proofnet-mini") == 200,
    ),
    "add_method": (
        lambda: {"name": "Gated Linear Unit Zero", "full_name": "GLU-0"},
        lambda: "/contribute",
        lambda data: status("/method/gated-linear-unit-zero") == 200,
    ),
    "add_metric": (
        lambda: {"table": SQUAD, "name": "Latency (ms)", "higher_is_better": "false"},
        lambda: BOARD,
        lambda data: "Latency (ms)" in html(Client(), BOARD),
    ),
    "merge_tasks": (
        lambda: {"source": Task.objects.get_or_create(slug="qa-duplicate", name="QA duplicate")[0].slug,
                 "into": "question-answering"},
        lambda: "/task/qa-duplicate",
        lambda data: status("/task/qa-duplicate") == 404,
    ),
    "merge_datasets": (
        lambda: {"source": Dataset.objects.get_or_create(slug="squad-copy", name="SQuAD copy")[0].slug,
                 "into": "squad1-1"},
        lambda: "/dataset/squad-copy",
        lambda data: status("/dataset/squad-copy") == 404,
    ),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_each_kind_is_proposed_reviewed_shown_recorded_and_reverted(kind, client, contributor, moderator):
    fields, page, visible = CASES[kind]
    if kind == "tag_paper_task":
        Paper.objects.get(slug=BERT).tasks.remove(*Task.objects.filter(slug="question-answering"))
    data = {**fields(), "evidence": "Table 2 of the paper", "evidence_url": "https://arxiv.org/abs/1810.04805",
            "next": page()}
    assert not visible(data)

    client.force_login(contributor)
    assert client.get(f"/propose/{kind}?{'&'.join(f'{k}={v}' for k, v in list(data.items())[:1])}").status_code == 200
    response = client.post(f"/propose/{kind}", data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert response.url == page()
    proposal = Proposal.objects.get(author=contributor)
    assert proposal.kind == kind and proposal.status == "pending" and not proposal.applied
    if status(page()) == 200:  # a merged page is gone; the message waits on the next one
        assert f"Proposal #{proposal.pk} recorded — waiting for review" in html(client, page())
    assert not visible(data)

    client.force_login(moderator)
    queue = html(client, f"/moderation?kind={kind}")
    assert f'name="proposals" value="{proposal.pk}"' in queue and "Table 2 of the paper" in queue
    response = client.post("/moderation", {"proposals": [proposal.pk], "action": "accept", "reason": "checked",
                                           "kind": kind})
    assert response.status_code == 302 and response.url == f"/moderation?kind={kind}"
    assert "Accepted 1 proposal." in html(client, response.url)
    assert visible(data)
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.reviewed_by == moderator

    history = html(Client(), "/history")
    edit = Edit.objects.get(proposal=proposal)
    assert f'id="edit-{edit.pk}"' in history and f'href="/proposals/{proposal.pk}"' in history
    assert f"/edits/{edit.pk}/revert" not in history  # no Revert button for a reader
    assert f"/edits/{edit.pk}/revert" in html(client, "/history")
    response = client.post(f"/edits/{edit.pk}/revert", {"next": "/history"})
    assert response.status_code == 302 and response.url == "/history"
    assert not visible(data)
    undo = Edit.objects.get(reverted_by__isnull=True, proposal=proposal)
    assert f"reverted by #{undo.pk}" in html(Client(), "/history")


def test_a_trusted_contributors_proposal_applies_at_once(client, trusted, moderator):
    client.force_login(trusted)
    response = client.post("/propose/add_task", {"name": "Theorem Ranking", "next": "/contribute"})
    proposal = Proposal.objects.get(author=trusted)
    assert response.status_code == 302 and proposal.applied
    assert f"Proposal #{proposal.pk} applied — waiting for review" in html(client, "/contribute")
    assert status("/task/theorem-ranking") == 200
    client.force_login(moderator)
    response = client.post(f"/proposals/{proposal.pk}/review", {"action": "reject", "reason": "a duplicate"})
    assert response.status_code == 302 and status("/task/theorem-ranking") == 404
    page = html(Client(), f"/proposals/{proposal.pk}")
    assert "Rejected" in page and "a duplicate" in page and "undoes #" in page


def test_without_next_the_proposal_page_is_shown(client, contributor):
    client.force_login(contributor)
    response = client.post("/propose/add_method", {"name": "Residual Gizmo"})
    proposal = Proposal.objects.get(author=contributor)
    assert response.url == f"/proposals/{proposal.pk}"
    page = html(client, response.url)
    assert "Proposal #" in page and "Residual Gizmo" in page and "Pending" in page


def test_refused_proposals_are_shown_again_as_typed(client, contributor):
    client.force_login(contributor)
    typed = {"table": SQUAD, "model_name": "My Model <b>", **metric_fields({"EM": "80"}), "paper": "no-such-paper",
             "evidence": "from my notes", "next": BOARD}
    response = client.post("/propose/add_result", typed)
    page = response.content.decode()
    assert response.status_code == 400
    assert "No paper &#x27;no-such-paper&#x27;." in page
    for value in ("My Model &lt;b&gt;", 'value="80"', "from my notes", 'value="no-such-paper"'):
        assert value in page
    response = client.post("/propose/add_task", {"name": "Question Answering", "description": "again"})
    assert response.status_code == 400 and "exists already" in response.content.decode()
    response = client.post("/propose/add_task", {"name": "", "description": "kept"})
    assert response.status_code == 400 and "Name: This field is required." in response.content.decode()
    assert "kept" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_correction_must_change_something(client, contributor):
    client.force_login(contributor)
    row = luke()
    response = client.post("/propose/correct_result", {"result": row.id, **metric_fields(row.metrics_raw)})
    assert response.status_code == 400 and "Change at least one value." in response.content.decode()


def test_unknown_kinds_and_rows_are_not_found(client, contributor):
    client.force_login(contributor)
    assert client.get("/propose/delete_everything").status_code == 404
    assert client.post("/propose/delete_everything", {}).status_code == 404
    assert client.get("/reproductions/999999999").status_code == 404


def test_a_reproduction_is_reported_and_labels_its_row(client, contributor):
    row = luke()
    f1 = Metric.objects.get(table=row.table, name="F1")
    client.force_login(contributor)
    assert f'<option value="{f1.id}">F1</option>' in html(client, f"/reproductions/{row.id}?next={BOARD}")
    response = client.post(f"/reproductions/{row.id}", {"metric": f1.id, "value": "95.1", "next": BOARD,
                                                        "logs_url": "https://example.org/logs"})
    assert response.status_code == 302 and response.url == BOARD
    page = html(client, BOARD)
    assert "Reproduction report recorded" in page and "reproduced by 1, within 0.3%" in page
    response = client.post(f"/reproductions/{row.id}", {"metric": f1.id, "value": "abc", "next": BOARD})
    assert response.status_code == 400 and "value must be a number." in response.content.decode()
    assert 'value="abc"' in response.content.decode()
    other = Metric.objects.exclude(table=row.table).first()
    response = client.post(f"/reproductions/{row.id}", {"metric": other.id, "value": "1"})
    assert response.status_code == 400
    assert ReproductionReport.objects.count() == 1


def test_leaderboard_labels_cost_two_more_queries_only_when_rows_have_reports(client, contributor, trusted):
    from tests.web.test_query_counts import count_queries

    without = count_queries(client, BOARD)
    row = luke()
    for user, value in ((contributor, 95.0), (trusted, 80.0)):
        reproductions.report(user, row, Metric.objects.get(table=row.table, name="F1"), value)
    other = Result.objects.filter(table=row.table).exclude(pk=row.pk).first()
    reproductions.report(contributor, other, Metric.objects.get(table=row.table, name="EM"), 1.0)
    assert count_queries(client, BOARD) == without + 2
    page = html(client, BOARD)
    assert "reproduced by 1, within 0.4%" in page and "not reproduced" in page


def test_the_queue_filters_counts_and_pages(client, contributor, moderator):
    for number in range(55):
        service.propose(contributor, "add_method", {"name": f"Queue Method {number}"})
    service.propose(contributor, "add_task", {"name": "Queue Task"})
    client.force_login(moderator)
    page = html(client, "/moderation")
    assert "56 pending" in page and page.count('name="proposals"') == 50 and 'rel="next"' in page
    assert "Add a method</a> <span class=\"count\">55</span>" in page
    assert "Community</a> <span class=\"count\">56</span>" in page
    page = html(client, "/moderation?kind=add_task")
    assert page.count('name="proposals"') == 1 and "Queue Task" in page
    assert html(client, "/moderation?kind=add_task&source=linker").count('name="proposals"') == 0
    page = html(client, "/moderation?kind=<script>&source=nobody&page=99")  # unknown filters: ignored
    assert "56 pending" in page and page.count('name="proposals"') == 6 and "<script>" not in page


def test_the_queue_rejects_in_bulk_with_a_reason(client, contributor, moderator):
    first = service.propose(contributor, "add_method", {"name": "Bulk One"})
    second = service.propose(contributor, "add_method", {"name": "Bulk Two"})
    client.force_login(moderator)
    response = client.post("/moderation", {"proposals": [first.pk, second.pk], "action": "reject",
                                           "reason": "not methods"})
    assert response.status_code == 302
    assert "Rejected 2 proposals." in html(client, "/moderation")
    assert set(Proposal.objects.values_list("status", "review_reason")) == {("rejected", "not methods")}
    response = client.post("/moderation", {"proposals": [first.pk], "action": "accept"})
    assert f"Proposal #{first.pk}: The proposal is rejected already." in html(client, response.url)
    service.propose(contributor, "add_method", {"name": "Still Waiting"})
    response = client.post("/moderation", {"action": "accept", "reason": "typed"})
    assert response.status_code == 400 and "Select at least one proposal." in response.content.decode()
    assert 'value="typed"' in response.content.decode()


def test_a_conflict_in_a_batch_stops_it_without_an_error_page(client, contributor, moderator):
    """Two proposals of the same method: the second cannot be applied once the first is."""
    first, second, third = (service.propose(contributor, "add_method", {"name": name})
                            for name in ("Twin Method", "Twin Method", "Third Method"))
    client.force_login(moderator)
    response = client.post("/moderation", {"proposals": [first.pk, second.pk, third.pk], "action": "accept"})
    assert response.status_code == 302
    assert "A method &#x27;twin-method&#x27; exists already." in html(client, "/moderation")
    twins = {Proposal.objects.get(pk=twin.pk).status: twin for twin in (first, second)}
    assert set(twins) == {"accepted", "pending"}  # reviewed in the queue's order, newest first
    assert Proposal.objects.get(pk=third.pk).status == "accepted"  # the batch went on
    response = client.post(f"/proposals/{twins['pending'].pk}/review", {"action": "accept"})
    assert response.status_code == 400 and "exists already" in response.content.decode()
    response = client.post(f"/proposals/{twins['pending'].pk}/review", {"action": "reject", "reason": "dup"})
    assert response.status_code == 302


def test_the_queue_shows_the_linkers_proposals_with_their_diff(client, moderator):
    from opensota.linking.records import RepoRecord
    from opensota.linking.stage import ingest_repositories, link_catalog

    Paper.objects.create(slug="queue-paper", title="Queue Paper", arxiv_id="2403.00042")
    ingest_repositories([RepoRecord(url="https://github.com/example/queued", owner="example", name="queued",
                                    readme="Notes. See arXiv:2403.00042 for more.")])
    link_catalog(accept=0.99, propose=0.3)
    client.force_login(moderator)
    page = html(client, "/moderation?source=linker")
    assert "https://github.com/example/queued" in page and 'href="/paper/queue-paper"' in page
    proposal = Proposal.objects.get(source="linker", code_link__repository__slug="example/queued")
    client.post("/moderation", {"proposals": [proposal.pk], "action": "accept"})
    assert 'href="https://github.com/example/queued"' in html(Client(), "/paper/queue-paper")


def test_the_queue_issues_a_bounded_number_of_queries(client, contributor, trusted, moderator,
                                                       django_assert_max_num_queries):
    """Pending proposals of every kind, 50 a page: the count stays bounded by the page.

    `service.diff` reads one row for an applied proposal (its edit) and for a pending
    mark_official/remove_code_link/correct_result (the current value): the page's 50
    rows bound that; the other kinds and the linker's proposals cost nothing per row.
    """
    link = unofficial_link()
    for number in range(20):
        service.propose(trusted, "add_method", {"name": f"Applied Method {number}"})
        service.propose(contributor, "mark_official", {"paper": BERT, "url": link.url, "is_official": True})
    for number in range(30):
        service.propose(contributor, "add_task", {"name": f"Waiting Task {number}"})
    client.force_login(moderator)
    with django_assert_max_num_queries(8 + 50):  # measured: 48 (40 rows that read one row each)
        assert client.get("/moderation").status_code == 200
    with django_assert_max_num_queries(8):  # measured: 8, whatever the number of rows
        assert client.get("/moderation?kind=add_task").status_code == 200
    with django_assert_max_num_queries(6):  # measured: 6
        assert client.get("/history").status_code == 200


def test_contribute_lists_the_four_forms(client, contributor):
    page = html(Client(), "/contribute")
    assert "Sign in</a> to propose" in page and "/account/login/?next=/contribute" in page
    client.force_login(contributor)
    page = html(client, f"/contribute?table={SQUAD}")
    for kind in ("add_task", "add_dataset", "add_method", "add_metric"):
        assert f'action="/propose/{kind}"' in page
    assert f'value="{SQUAD}"' in page


def test_forms_on_the_pages_post_to_the_right_kinds(client, contributor):
    client.force_login(contributor)
    paper = html(client, PAPER)
    for kind in ("add_code_link", "mark_official", "remove_code_link", "tag_paper_task"):
        assert f'action="/propose/{kind}"' in paper
    board = html(client, BOARD)
    assert 'action="/propose/add_result"' in board
    assert f'/propose/correct_result?result={luke().id}' in board and f"/reproductions/{luke().id}?next=" in board
    for metric in Metric.objects.filter(table__slug=SQUAD):
        assert f'name="metric_{metric.id}"' in board
    assert 'action="/propose/merge_tasks"' in html(client, "/task/question-answering")
    assert 'action="/propose/merge_datasets"' in html(client, "/dataset/squad1-1")
    nav = html(client, "/")
    assert 'href="/contribute"' in nav and 'href="/moderation"' not in nav


def test_the_framework_choices_on_the_paper_page_are_the_models(client, contributor):
    import re

    client.force_login(contributor)
    select = html(client, PAPER).split('name="framework">', 1)[1].split("</select>", 1)[0]
    assert set(re.findall(r'value="([^"]+)"', select)) == {value for value, _ in Repository.FRAMEWORKS}


def test_the_rate_limit_answers_429(client, contributor, settings):
    settings.OPENSOTA_RATE_LIMITS = {**settings.OPENSOTA_RATE_LIMITS, "proposal_account": (2, 3600)}
    client.force_login(contributor)
    for number in range(2):
        assert client.post("/propose/add_method", {"name": f"Limited {number}"}).status_code == 302
    response = client.post("/propose/add_method", {"name": "Limited 3"})
    assert response.status_code == 429 and response.has_header("Retry-After")
    f1 = Metric.objects.get(table__slug=SQUAD, name="F1")
    assert client.post(f"/reproductions/{luke().id}", {"metric": f1.id, "value": "1"}).status_code == 429
    assert Proposal.objects.count() == 2
