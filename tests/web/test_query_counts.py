"""Pages issue a bounded number of queries, however many rows they show (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from opensota.evaluations.models import EvaluationTable
from opensota.taxonomy.models import Task

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_home(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get("/").status_code == 200


def test_paper(client, bert, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        assert client.get(bert.get_absolute_url()).status_code == 200


def test_task_with_many_leaderboards(client, django_assert_max_num_queries):
    busiest = Task.objects.annotate(n=Count("evaluation_tables")).order_by("-n").first()
    assert busiest.n > 20
    with django_assert_max_num_queries(14):
        assert client.get(busiest.get_absolute_url()).status_code == 200


def test_task_queries_do_not_grow_with_its_leaderboards(client):
    tasks = Task.objects.annotate(n=Count("evaluation_tables")).filter(n__gt=0)
    few = tasks.order_by("n", "slug").first()
    many = tasks.order_by("-n", "slug").first()
    assert many.n > few.n
    assert count_queries(client, many.get_absolute_url()) == count_queries(client, few.get_absolute_url())


def test_leaderboard(client, squad, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert client.get(squad.get_absolute_url()).status_code == 200


def test_largest_leaderboard(client, django_assert_max_num_queries):
    largest = EvaluationTable.objects.annotate(n=Count("results")).order_by("-n").first()
    with django_assert_max_num_queries(8):
        assert client.get(largest.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("query", ["?code=1&no_extra=1", "?sort=EM&dir=asc&page=2", "?metric=EM&sort=date"])
def test_leaderboard_filtered_sorted_or_ranked_by_another_metric(client, squad, query, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert client.get(squad.get_absolute_url() + query).status_code == 200


def test_leaderboard_queries_do_not_grow_with_its_rows(client, squad):
    small = EvaluationTable.objects.annotate(n=Count("results")).filter(n__gt=2).order_by("n").first()
    assert count_queries(client, small.get_absolute_url()) == count_queries(client, squad.get_absolute_url())


def test_badge(client, bert, squad, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get(f"/badge/{bert.slug}/{squad.slug}.svg").status_code == 200


@pytest.mark.parametrize("url, bound", [
    ("/search?q=learning", 7),
    ("/search?q=bert&type=repositories", 7),
    ("/dataset/squad1-1", 14),
    ("/area/computer-vision", 5),
    ("/author/jacob-devlin", 5),
    ("/repository/google-research/bert", 5),
    ("/method/resnet", 6),
    ("/areas", 3),
])
def test_other_pages(client, url, bound, django_assert_max_num_queries):
    with django_assert_max_num_queries(bound):
        assert client.get(url).status_code == 200
