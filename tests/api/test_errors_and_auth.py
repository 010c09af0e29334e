"""Errors are JSON with a message and the right status; writes need a token with the permission."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import BERT

pytestmark = pytest.mark.django_db


def assert_error(response, status: int, says: str = "") -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["message"] == body["error"] and says.lower() in body["message"].lower()
    return body


@pytest.mark.parametrize("url, says", [
    ("/api/v1/papers/no-such-paper/", "no paper 'no-such-paper'"),
    ("/api/v1/papers/no-such-paper/results/", "no paper"),
    ("/api/v1/tasks/no-such-task/children/", "no task"),
    ("/api/v1/repositories/nobody/nothing/", "no repository 'nobody/nothing'"),
    ("/api/v1/conferences/naacl/proceedings/nope/", "no proceeding"),
    ("/api/v1/evaluations/question-answering-on-squad1-1/metrics/abc/", "no metric"),
    ("/api/v1/evaluations/question-answering-on-squad1-1/results/99999999999999999999999/", "no result"),
    ("/api/v1/evaluations/question-answering-on-squad1-1/results/١٢/", "no result"),
    ("/api/v1/papers/?page=100000", "invalid page"),
    ("/api/v1/no-such-endpoint/", "no api endpoint"),
    ("/api/v2/papers/", "no api endpoint"),
])
def test_unknown_ids_and_pages_are_json_404s(client, bert, url, says):
    assert_error(client.get(url), 404, says)


@pytest.mark.parametrize("query", [
    "page=0", "page=abc", "items_per_page=0", "items_per_page=501", "page=99999999999999999999999",
    "stars=-1&x=1", "stars=99999999999999999999", "q=%00",
])
def test_invalid_parameters_are_422s_that_say_which(client, query):
    url = "/api/v1/repositories/?" if "stars" in query else "/api/v1/papers/?"
    body = assert_error(client.get(url + query), 422, "invalid request: query.")
    assert body["details"] and body["details"][0]["loc"][0] == "query"


def test_an_empty_list_has_a_first_page(client):
    page = client.get("/api/v1/papers/?title=zzqqxxnothing").json()
    assert page == {"count": 0, "next": None, "previous": None, "results": []}


def test_pages_link_to_their_neighbours_with_page_numbers(client):
    page = client.get("/api/v1/methods/?items_per_page=7&page=3&name=a").json()
    assert page["next"].endswith("/api/v1/methods/?items_per_page=7&page=4&name=a")
    assert page["previous"].endswith("page=2&name=a")
    assert page["next"].startswith("http://testserver/")


def post(client, url: str, body, **headers):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json", **headers)


def test_a_write_without_a_valid_token_is_a_401(client):
    response = post(client, "/api/v1/tasks/", {"name": "Refused"})
    assert_error(response, 401, "token")
    assert response["WWW-Authenticate"] == "Token"
    for header in ("Token", "Token nonsense", "Basic dXNlcjpwYXNz", "nonsense"):
        assert_error(post(client, "/api/v1/tasks/", {"name": "Refused"}, HTTP_AUTHORIZATION=header), 401)
    assert client.delete("/api/v1/datasets/squad1-1/").status_code == 401


def test_a_write_with_the_token_of_a_user_without_permission_is_a_403(client, reader_key):
    headers = {"HTTP_AUTHORIZATION": f"Token {reader_key}"}
    assert_error(post(client, "/api/v1/tasks/", {"name": "Refused"}, **headers), 403, "accounts.edit_catalog")
    assert_error(client.delete("/api/v1/datasets/squad1-1/", **headers), 403)
    assert_error(post(client, "/api/v1/tasks/", "not json", **headers), 403)  # refused before reading
    from opensota.taxonomy.models import Dataset, Task

    assert not Task.objects.filter(slug="refused").exists() and Dataset.objects.filter(slug="squad1-1").exists()


def test_a_revoked_token_or_an_inactive_user_is_refused(client, editor_key):
    from opensota.accounts.models import ApiToken

    headers = {"HTTP_AUTHORIZATION": f"Bearer {editor_key}"}  # Bearer is accepted too
    assert post(client, "/api/v1/tasks/", {"name": "Allowed Task"}, **headers).status_code == 201
    token = ApiToken.objects.get(user__username="api-editor")
    token.user.is_active = False
    token.user.save()
    assert_error(post(client, "/api/v1/tasks/", {"name": "Another Task"}, **headers), 401)
    token.user.is_active = True
    token.user.save()
    token.delete()
    assert_error(post(client, "/api/v1/tasks/", {"name": "Another Task"}, **headers), 401)


@pytest.mark.parametrize("url, body, status, says", [
    ("/api/v1/tasks/", "{not json", 400, ""),
    ("/api/v1/tasks/", [1, 2], 422, "body"),
    ("/api/v1/tasks/", {"name": ""}, 422, "body.name"),
    ("/api/v1/tasks/", {"name": "x" * 301}, 422, "body.name"),
    ("/api/v1/tasks/", {"name": "bad\x00name"}, 422, "body.name"),
    ("/api/v1/tasks/", {"name": "!!!"}, 400, "letter or digit"),
    ("/api/v1/tasks/", {"name": "Question Answering"}, 409, "exists already"),
    ("/api/v1/tasks/", {"name": "New Task", "parent_task": "no-such-task"}, 400, "no task"),
    ("/api/v1/tasks/", {"name": "New Task", "area": "no-such-area"}, 400, "no area"),
    ("/api/v1/datasets/", {"name": "New Set", "url": "javascript:alert(1)"}, 400, "http(s) url"),
    ("/api/v1/evaluations/", {"task": "question-answering", "dataset": "squad1-1"}, 409, "exists already"),
    ("/api/v1/evaluations/", {"task": "no-such-task", "dataset": "squad1-1"}, 400, "no task"),
    ("/api/v1/evaluations/question-answering-on-squad1-1/metrics/", {"name": "F1", "is_loss": False}, 409, ""),
    ("/api/v1/evaluations/question-answering-on-squad1-1/results/",
     {"metrics": {"F1": "90"}, "methodology": "M", "paper": "no-such-paper"}, 400, "no paper"),
    ("/api/v1/evaluations/question-answering-on-squad1-1/results/",
     {"metrics": {"F1": float("inf")}, "methodology": "M"}, 422, "body.metrics"),
    ("/api/v1/evaluations/question-answering-on-squad1-1/results/",
     {"metrics": {"F1": {"nested": 1}}, "methodology": "M"}, 422, "body.metrics"),
    ("/api/v1/evaluations/question-answering-on-squad1-1/results/",
     {"metrics": {"F1": "90"}, "methodology": "M", "evaluated_on": "yesterday"}, 422, "body.evaluated_on"),
    ("/api/v1/evaluations/no-such-board/results/", {"metrics": {}, "methodology": "M"}, 404, "no evaluation table"),
])
def test_bad_writes_are_4xx_with_a_message(client, as_editor, url, body, status, says):
    data = body if isinstance(body, str) else json.dumps(body, allow_nan=True)
    response = client.post(url, data=data, content_type="application/json", **as_editor)
    assert_error(response, status, says)


def test_a_task_cannot_become_its_own_ancestor(client, as_editor):
    from opensota.taxonomy.models import Task

    child = Task.objects.filter(parent__isnull=False, parent__parent__isnull=True).select_related("parent").first()
    response = client.patch(
        f"/api/v1/tasks/{child.parent.slug}/", data=json.dumps({"parent_task": child.slug}),
        content_type="application/json", **as_editor,
    )
    assert_error(response, 400, "cannot be its parent")
    child.parent.refresh_from_db()
    assert child.parent.parent_id is None


def test_the_schema_and_the_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "OpenSOTA API"
    paths = set(schema["paths"])
    for path in ("/api/v1/search/", "/api/v1/repositories/{owner}", "/api/v1/rpc/evaluation-synchronize/",
                 "/api/v1/conferences/{conference_id}/proceedings/{proceeding_id}/papers/",
                 "/api/v1/evaluations/{evaluation_id}/results/{result_id}/"):
        assert path in paths
    (scheme,) = schema["components"]["securitySchemes"].values()
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert sum(len(operations) for operations in schema["paths"].values()) == 67
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and b"/static/ninja/swagger-ui" in docs.content  # no CDN


def test_reads_are_public_and_ignore_a_token(client, reader_key):
    assert client.get(f"/api/v1/papers/{BERT}/").status_code == 200
    assert client.get(f"/api/v1/papers/{BERT}/", HTTP_AUTHORIZATION="Token wrong").status_code == 200


def test_a_read_without_its_trailing_slash_is_redirected(client):
    response = client.get("/api/v1/papers?items_per_page=1")
    assert response.status_code == 301 and response["Location"] == "/api/v1/papers/?items_per_page=1"
    assert_error(client.post("/api/v1/tasks", data="{}", content_type="application/json"), 404)
