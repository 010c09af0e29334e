"""The extractor's proposals (kind add_extracted_result) in the community's machinery: their
payloads are checked strictly, people cannot forge them, moderators review them in bulk, the
queue and the API show them at a bounded cost."""

from __future__ import annotations

import json

import pytest

from opensota.community import service
from opensota.community.kinds import KINDS
from opensota.community.models import Proposal
from opensota.editing import Invalid
from opensota.evaluations.models import Result
from opensota.extraction import stage
from opensota.extraction.models import Extraction
from tests.extraction.factories import PAPER, document, result

pytestmark = pytest.mark.django_db
KIND = "add_extracted_result"


def payload(**changes) -> dict:
    from opensota.catalog.models import Paper

    clean = stage.proposal_payload(Paper.objects.get(slug=PAPER), result("85.1", row=3), "Our approach")
    clean.update(changes)
    return clean


def extract(count: int) -> None:
    from opensota.catalog.models import Paper

    results = [result(f"{70 + n / 10:.1f}", row=n % 5, model=f"Model {n}") for n in range(count)]
    stage.store_extraction(Paper.objects.get(slug=PAPER), document(), results, "1606.01933.tex", "d", None)


@pytest.mark.parametrize("changes, says", [
    ({"confidence": 1.5}, "confidence"), ({"confidence": float("nan")}, "confidence"),
    ({"confidence": True}, "confidence"), ({"confidence": None}, "confidence is required"),
    ({"number": "85.1"}, "number"), ({"provenance": None}, "provenance"),
    ({"provenance": {"table": 1, "row": -1, "column": 2}}, "row"),
    ({"provenance": {"table": "1", "row": 1, "column": 2}}, "table"),
    ({"paper": "no-such-paper"}, "No paper"), ({"task": ""}, "task is required"), ({"metric": "m" * 201}, "longer"),
    ({"as_written": ["task"]}, "as_written"), ({"dataset": "***"}, "letter or digit"),
])
def test_malformed_payloads_are_refused(changes, says):
    with pytest.raises(Invalid, match=says):
        KINDS[KIND].check(payload(**changes))


def test_text_is_stored_without_control_characters():
    clean, target = KINDS[KIND].check(payload(model_name="Ours\u202e\x00 <b>", provenance={
        **payload()["provenance"], "caption": "Table 1\x07: results"}))
    assert clean["model_name"] == "Ours <b>" and clean["provenance"]["caption"] == "Table 1: results"
    assert target == f"paper {PAPER}"


def test_people_may_not_propose_it_through_the_api(client, contributor):
    from opensota.accounts.tokens import create_token_for

    _, _, key = create_token_for(contributor.username)
    response = client.post("/api/v1/proposals/", data=json.dumps({"kind": KIND, "payload": payload()}),
                           content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 400 and "automation" in response.json()["message"]
    assert not Proposal.objects.exists()


def test_the_api_lists_the_extractors_proposals_with_their_provenance(client):
    extract(2)
    listed = client.get(f"/api/v1/proposals/?source=extractor&kind={KIND}").json()
    assert listed["count"] == 2
    first = listed["results"][0]
    assert first["source"] == "extractor" and first["payload"]["provenance"]["table"] == 1
    detail = client.get(f"/api/v1/proposals/{first['id']}/").json()
    assert any(row["field"] == "found in" and row["after"].startswith("table 1, row") for row in detail["diff"])


def test_moderators_accept_them_in_bulk(client, moderator):
    before = Result.objects.filter(table__slug="natural-language-inference-on-snli").count()
    extract(3)
    client.force_login(moderator)
    ids = list(Proposal.objects.filter(kind=KIND).values_list("id", flat=True))
    response = client.post("/moderation", {"proposals": ids, "action": "accept", "reason": "checked the table",
                                           "source": "extractor"})
    assert response.status_code == 302
    assert Result.objects.filter(table__slug="natural-language-inference-on-snli").count() == before + 3
    assert set(Proposal.objects.filter(kind=KIND).values_list("status", flat=True)) == {"accepted"}


def test_the_queue_of_extracted_results_issues_a_bounded_number_of_queries(client, moderator,
                                                                           django_assert_max_num_queries):
    extract(60)
    assert Extraction.objects.get().proposed == 60
    client.force_login(moderator)
    with django_assert_max_num_queries(8 + 50):  # one read per row for its diff, as other kinds
        html = client.get("/moderation?source=extractor").content.decode()
    assert html.count('class="small extracted-cell"') == 50
    assert service.diff(Proposal.objects.filter(kind=KIND).first())
