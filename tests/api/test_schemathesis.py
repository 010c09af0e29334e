"""The API fuzzed from its own OpenAPI schema: no 5xx, and every answer as the schema says.

schemathesis generates requests for every operation (reads and writes; writes with an
editor's token), deterministically and a bounded number per operation, and sends them
to the WSGI application in-process, against the test database holding the sample. Each
operation's examples run in one transaction that is rolled back afterwards.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 20


@pytest.fixture
def editor_token(db):
    from opensota.accounts.tokens import create_token_for

    return create_token_for("fuzz-editor", can_edit_catalog=True)[2]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION, derandomize=True, deadline=None, database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_its_schema_says(case, editor_token):
    case.call_and_validate(headers={"Authorization": f"Token {editor_token}"}, checks=CHECKS)


# Real ids of the sample (and of the `bert` fixture) for every path parameter.
REAL_IDS = {
    "paper_id": "bert-pre-training-of-deep-bidirectional-transformers-for-language-understanding",
    "owner": "google-research", "name": "bert", "author_id": "jacob-devlin",
    "conference_id": "naacl", "proceeding_id": "naacl-2019-6", "area_id": "natural-language-processing",
    "task_id": "reading-comprehension", "dataset_id": "squad1-1", "method_id": "adam",
    "evaluation_id": "question-answering-on-squad1-1", "measure": "papers",
}


@pytest.mark.django_db
def test_every_read_of_a_real_record_answers_as_the_schema_says(bert):
    from opensota.evaluations.models import EvaluationTable

    from django.contrib.auth.models import Permission, User

    from opensota.community import reproductions, service

    board = EvaluationTable.objects.get(slug=REAL_IDS["evaluation_id"])
    ids = {**REAL_IDS, "metric_id": str(board.metrics.first().id), "result_id": str(board.results.first().id)}
    # A proposal, its applied edit and a reproduction report, so the community lists hold records.
    user = User.objects.create_user("real-ids")
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="community", codename__in=["propose", "apply_directly"]))
    user = User.objects.get(pk=user.pk)
    ids["proposal_id"] = str(service.propose(user, "add_task", {"name": "Real Ids Task"}).id)
    reproductions.report(user, board.results.first(), board.metrics.first(), 1.0)
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() != "GET":
            continue
        names = [p.name for p in operation.path_parameters]
        query = {"items_per_page": 3} if any(p.name == "items_per_page" for p in operation.query) else {}
        case = operation.Case(path_parameters={name: ids[name] for name in names}, query=query)
        response = case.call()
        assert response.status_code == 200, (operation.label, response.text[:300])
        if "results" in response.json():
            assert response.json()["count"] > 0, operation.label
        case.validate_response(response, checks=CHECKS)
        checked += 1
    assert checked == 46  # every GET operation
