"""The measures on the shipped real sample agree with the same facts counted another way."""

from collections import Counter
from datetime import date

import pytest

from opensota.catalog.models import Paper, PaperRepository
from opensota.trends import measures
from opensota.trends.report import MEASURES, catalog_stamp, latest_month, measure, report, table
from opensota.trends.summary import summarise
from opensota.trends.window import Window, make_window

pytestmark = pytest.mark.django_db


@pytest.fixture
def window():
    return make_window(latest=latest_month())


def test_papers_per_month_match_a_plain_count(window):
    result = measures.papers_per_month(window)
    by_month = Counter(day.replace(day=1) for day in Paper.objects.filter(
        published__gte=window.start, published__lt=window.end_exclusive).values_list("published", flat=True))
    assert list(result.papers) == [by_month.get(month, 0) for month in window.months]
    assert result.total > 1000  # the sample's dated papers of 2021-2026
    assert result.undated == Paper.objects.filter(published__isnull=True).count()


def test_code_share_matches_papers_with_accepted_links(window):
    result = measures.code_share(window)
    dated = Paper.objects.filter(published__gte=window.start, published__lt=window.end_exclusive)
    with_code = {link.paper_id for link in PaperRepository.objects.accepted().filter(paper__in=dated)}
    assert sum(result.with_code) == len(with_code)
    assert result.share == pytest.approx(len(with_code) / dated.count())


def test_graph_tasks_lead_the_graphs_area():
    window = Window(date(2018, 1, 1), date(2024, 12, 1), area="graphs")
    tasks = measures.top_tasks(window)
    assert tasks.by_papers[0].name == "Node Property Prediction"
    assert all(topic.papers >= later.papers for topic, later in zip(tasks.by_papers, tasks.by_papers[1:]))


def test_every_measure_has_a_table_and_the_report_is_cached(window, django_assert_max_num_queries):
    results = report(window)
    for name in MEASURES:
        columns, rows = table(name, results[name])
        assert columns and all(len(row) == len(columns) for row in rows)
    with django_assert_max_num_queries(4):  # only the catalog stamp: every measure from the cache
        report(window)


def test_new_data_changes_the_stamp_so_the_cache_never_goes_stale(window):
    before = measure("papers", window).total
    stamp = catalog_stamp()
    Paper.objects.create(slug="fresh-paper", title="Fresh", published=window.end)
    assert catalog_stamp() != stamp
    assert measure("papers", window).total == before + 1


def test_the_summary_reads_like_the_blog_post(window):
    text = summarise(window, report(window))
    assert text.startswith(f"Trends, {window.start:%B %Y} to {window.end:%B %Y} (60 months)")
    assert "Papers: " in text and "a month" in text and "have code" in text
    assert "Time to code: no creation dates known" in text  # the sample has none


def test_an_edit_in_place_invalidates_the_cached_trends(window):
    from opensota.trends.report import invalidate

    stamp = catalog_stamp()
    invalidate()
    assert catalog_stamp() != stamp
