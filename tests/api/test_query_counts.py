"""List endpoints issue a bounded number of queries, whatever the page size (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import BERT

pytestmark = pytest.mark.django_db

BOARD = "question-answering-on-squad1-1"

# (list URL, the most queries it may take): each is asked for 5 and for 200 items. A list
# is a count, the page's ids, its rows (then what they prefetch); a leaderboard's rows
# are ranked in Python, so its count is the ranking's.
LISTS = [
    ("/api/v1/search/?q=learning", 6),
    ("/api/v1/papers/", 4),
    ("/api/v1/papers/?q=learning", 5),
    (f"/api/v1/papers/{BERT}/repositories/", 4),
    (f"/api/v1/papers/{BERT}/datasets/", 4),
    (f"/api/v1/papers/{BERT}/tasks/", 4),
    (f"/api/v1/papers/{BERT}/methods/", 5),
    ("/api/v1/repositories/", 3),
    ("/api/v1/repositories/?q=bert", 4),
    ("/api/v1/repositories/google-research", 3),
    ("/api/v1/repositories/google-research/bert/papers/", 5),
    ("/api/v1/authors/", 3),
    ("/api/v1/authors/jacob-devlin/papers/", 5),
    ("/api/v1/conferences/", 3),
    ("/api/v1/conferences/naacl/proceedings/naacl-2019-6/papers/", 6),
    ("/api/v1/areas/", 3),
    ("/api/v1/areas/computer-vision/tasks/", 4),
    ("/api/v1/tasks/", 3),
    ("/api/v1/tasks/question-answering/children/", 4),
    ("/api/v1/tasks/question-answering/papers/", 5),
    ("/api/v1/tasks/question-answering/evaluations/", 4),
    ("/api/v1/datasets/", 3),
    ("/api/v1/datasets/squad1-1/evaluations/", 4),
    ("/api/v1/methods/", 4),
    ("/api/v1/evaluations/", 3),
    (f"/api/v1/evaluations/{BOARD}/metrics/", 4),
    (f"/api/v1/evaluations/{BOARD}/results/", 6),
]


def queries_for(client, url: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code in (200, 404), (url, response.content[:300])
    return len(context.captured_queries), response.json()


@pytest.mark.parametrize("url, bound", LISTS)
def test_list_queries_do_not_grow_with_the_page(client, bert, url, bound, django_assert_max_num_queries):
    joiner = "&" if "?" in url else "?"
    with django_assert_max_num_queries(bound):
        few, small = queries_for(client, f"{url}{joiner}items_per_page=5")
    with django_assert_max_num_queries(bound):
        many, large = queries_for(client, f"{url}{joiner}items_per_page=200")
    assert few == many
    if "results" in small:
        assert len(large["results"]) >= len(small["results"])


def test_the_largest_pages_list_many_rows(client, bert):
    """The page sizes above are not vacuous: these lists fill a page of 200."""
    for url in ("/api/v1/papers/", "/api/v1/methods/", f"/api/v1/evaluations/{BOARD}/results/",
                "/api/v1/repositories/"):
        assert len(client.get(f"{url}?items_per_page=200").json()["results"]) == 200, url


def test_paper_results_list(client, django_assert_max_num_queries):
    from opensota.evaluations.models import Result

    slug = Result.objects.filter(paper__isnull=False).values_list("paper__slug", flat=True).first()
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/v1/papers/{slug}/results/?items_per_page=200").status_code == 200
