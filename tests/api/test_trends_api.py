"""The trends API: the measures listed, each one's table and headline numbers for a window,
equal to hand-computed values and to the page's JSON download; errors as JSON.

`toy_field` adds papers in 2000, years before the shipped sample's first paper: 1, 2, 4
and 8 a month from January to April (growth exactly +100% a month), the first paper of
each month with an official PyTorch implementation, the second with a community
TensorFlow one.
"""

from __future__ import annotations

import math
from datetime import date

import pytest

from opensota.catalog.models import Paper, PaperRepository, Repository
from opensota.taxonomy.models import Area, Task

pytestmark = pytest.mark.django_db

TOY = "from=2000-01&to=2000-04"
MEASURES = ["papers", "code", "frameworks", "implementations", "tasks", "areas", "time-to-code"]


@pytest.fixture
def toy_field(db):
    area = Area.objects.create(slug="toy-vision", name="Toy Vision")
    task = Task.objects.create(slug="toy-segmentation", name="Toy Segmentation")
    task.areas.add(area)
    for month, count in ((1, 1), (2, 2), (3, 4), (4, 8)):
        for number in range(count):
            paper = Paper.objects.create(slug=f"toy-{month}-{number}", published=date(2000, month, 5))
            paper.tasks.add(task)
            if number < 2:
                name = f"toy-{month}-{number}"
                repository = Repository.objects.create(
                    url=f"https://github.com/toy/{name}", slug=f"toy/{name}", owner="toy", name=name,
                    stars=100 * month + number)
                PaperRepository.objects.create(paper=paper, repository=repository, url=repository.url,
                                               is_official=number == 0, framework=("pytorch", "tf")[number])
    return task


def assert_error(response, status: int, says: str) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["message"] == body["error"] and says.lower() in body["message"].lower()
    return body


def trend(client, measure: str, query: str = TOY) -> dict:
    response = client.get(f"/api/v1/trends/{measure}/?{query}")
    assert response.status_code == 200, response.content[:500]
    return response.json()


def test_the_measures_are_listed_with_their_urls(client):
    page = client.get("/api/v1/trends/").json()
    assert page["count"] == 7 and page["next"] is None and page["previous"] is None
    assert [m["name"] for m in page["results"]] == MEASURES
    assert page["results"][0] == {"name": "papers", "title": "Papers per month",
                                  "url": "http://testserver/api/v1/trends/papers/"}
    for measure in page["results"]:
        assert client.get(measure["url"]).status_code == 200


def test_papers_per_month_and_their_growth(client, toy_field):
    body = trend(client, "papers")
    assert body["measure"] == "papers"
    assert body["window"] == {"from": "2000-01", "to": "2000-04", "area": None, "task": None}
    assert body["columns"] == ["month", "papers", "trend"]
    assert body["rows"] == [["2000-01", 1, 1.0], ["2000-02", 2, 2.0], ["2000-03", 4, 4.0], ["2000-04", 8, 8.0]]
    summary = body["summary"]
    assert summary["total"] == 15
    assert math.isclose(summary["monthly_growth"], 1.0)          # doubling every month
    assert math.isclose(summary["annual_growth"], 2 ** 12 - 1)   # +409,500% a year
    assert math.isclose(summary["doubling_months"], 1.0)


def test_share_of_papers_with_code(client, toy_field):
    summary = trend(client, "code")["summary"]
    # With code: January's paper and two papers of each later month; official: one a month.
    assert summary["papers"] == 15 and summary["with_code"] == 7 and summary["with_official_code"] == 4
    assert math.isclose(summary["share"], 7 / 15)
    assert math.isclose(summary["official_share"], 4 / 15)
    assert math.isclose(summary["share_last_6_months"], 7 / 15)  # the window is shorter


def test_framework_shares(client, toy_field):
    body = trend(client, "frameworks")
    assert body["rows"] == [["2000-01", 1, 0, 0, 0, 0], ["2000-02", 1, 1, 0, 0, 0],
                            ["2000-03", 1, 1, 0, 0, 0], ["2000-04", 1, 1, 0, 0, 0]]
    summary = body["summary"]
    assert summary["implementations"] == 7 and summary["unknown"] == 0
    assert summary["totals"] == {"pytorch": 4, "tf": 3, "jax": 0, "others": 0, "unknown": 0}
    assert summary["shares"] == pytest.approx({"pytorch": 4 / 7, "tf": 3 / 7, "jax": 0, "others": 0})


def test_tasks_areas_implementations_and_time_to_code(client, toy_field):
    tasks = trend(client, "tasks", TOY + "&task=toy-segmentation")["summary"]
    # Earlier half 1 + 2 papers, recent half 4 + 8, two months apart: (12 / 3)^(1/2) - 1.
    assert tasks["most_papers"] == {"slug": "toy-segmentation", "name": "Toy Segmentation", "papers": 15,
                                    "monthly_growth": pytest.approx(1.0)}
    assert tasks["fastest_growing"]["slug"] == "toy-segmentation"
    assert trend(client, "areas", TOY + "&area=toy-vision")["summary"]["most_papers"]["slug"] == "toy-vision"
    implementations = trend(client, "implementations")["summary"]
    assert implementations == {
        "snapshots": False, "most_starred": {"official": "toy/toy-4-0", "community": "toy/toy-4-1"},
        "most_stars_gained": {"official": None, "community": None},
    }
    assert trend(client, "time-to-code")["summary"] == {"papers": 0, "median_days": None}


def test_the_api_answers_what_the_page_downloads(client, toy_field):
    for measure in MEASURES:
        query = TOY + "&area=toy-vision"
        body = trend(client, measure, query)
        del body["summary"]
        assert body == client.get(f"/trends/{measure}.json?{query}").json(), measure


def test_the_default_window_is_five_years_to_the_newest_paper(client):
    newest = Paper.objects.exclude(published=None).latest("published").published
    window = trend(client, "papers", "")["window"]
    assert window["to"] == f"{newest:%Y-%m}" and len(trend(client, "papers", "")["rows"]) == 60


@pytest.mark.parametrize("query, says", [
    ("from=2021-13", "from must be a month as YYYY-MM, not '2021-13'"),
    ("to=soon", "to must be a month as YYYY-MM"),
    ("from=2022-01&to=2021-01", "from (2022-01) is after to (2021-01)"),
    ("from=1900-01&to=2000-01", "at most 50 years"),
])
def test_a_bad_window_is_a_json_400(client, query, says):
    assert_error(client.get(f"/api/v1/trends/papers/?{query}"), 400, says)


@pytest.mark.parametrize("url, says", [
    ("/api/v1/trends/nothing/", "no trend 'nothing'"),
    ("/api/v1/trends/papers/?area=atlantis", "no area 'atlantis'"),
    ("/api/v1/trends/papers/?task=no-such-task", "no task 'no-such-task'"),
    ("/api/v1/trends/papers/?task=%3Cscript%3E", "no task '<script>'"),
])
def test_an_unknown_measure_area_or_task_is_a_json_404(client, url, says):
    assert_error(client.get(url), 404, says)


def test_parameters_of_the_wrong_shape_are_422s(client):
    body = assert_error(client.get("/api/v1/trends/papers/?task=%00"), 422, "query.task")
    assert body["details"][0]["loc"] == ["query", "task"]
    assert_error(client.get("/api/v1/trends/papers/?from=" + "2" * 41), 422, "query.from")


def test_a_warm_answer_only_asks_for_the_stamp(client, toy_field, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opensota.trends.report import catalog_stamp

    catalog_stamp()  # the first after the toy field's rows rebuilds the rollup
    with CaptureQueriesContext(connection) as context:
        catalog_stamp()
    stamp = len(context.captured_queries)  # now: a request clears the log
    url = f"/api/v1/trends/code/?{TOY}&task=toy-segmentation"
    client.get(url)
    with django_assert_num_queries(stamp + 1):  # and the task
        assert client.get(url).status_code == 200


def test_the_schema_documents_the_window_and_the_errors(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/trends/{measure}/"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["measure", "from", "to", "area", "task"]
    assert set(operation["responses"]) == {"200", "400", "404", "422"}
    assert "/api/v1/trends/" in schema["paths"]
