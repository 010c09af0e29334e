"""Each trend measure against values computed by hand, on a small catalog set in 2090.

The window 2090-01..2090-06 holds only the papers made here (the sample's are older), so
every number below can be checked with a pencil.
"""

from datetime import date

import pytest

from opensota.trends import measures
from opensota.trends.window import Window, WindowError, make_window
from tests.trends.conftest import WINDOW

pytestmark = pytest.mark.django_db


def test_papers_per_month_and_compound_growth(catalog):
    result = measures.papers_per_month(WINDOW)
    assert result.papers == (1, 2, 0, 4, 0, 8) and result.total == 15
    # Months with papers: (0, ln 1), (1, ln 2), (3, ln 4), (5, ln 8) lie on ln n = month * ln 2 / ...
    # exactly doubling every ~1.67 months would not fit; least squares gives the slope below.
    xs, ys = [0, 1, 3, 5], [0.0, 0.6931, 1.3863, 2.0794]
    mean_x, mean_y = sum(xs) / 4, sum(ys) / 4
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)
    assert result.growth.monthly_rate == pytest.approx(2.718281828 ** slope - 1, rel=1e-3)
    assert result.growth.annual_rate == pytest.approx((1 + result.growth.monthly_rate) ** 12 - 1)
    assert len(result.growth.fitted) == 6


def test_growth_of_a_steady_three_and_a_half_percent():
    counts = [round(1000 * 1.035 ** month) for month in range(24)]
    growth = measures.fit_growth(counts)
    assert growth.monthly_rate == pytest.approx(0.035, abs=5e-4)
    assert growth.annual_rate == pytest.approx(1.035 ** 12 - 1, abs=0.01)  # about 51% a year
    assert growth.doubling_months == pytest.approx(20.1, abs=0.2)
    assert measures.fit_growth([0, 5, 0]).monthly_rate is None  # too few months to say


def test_code_share_counts_papers_with_accepted_links_only(catalog):
    result = measures.code_share(WINDOW)
    assert result.papers == (1, 2, 0, 4, 0, 8)
    assert result.with_code == (1, 1, 0, 1, 0, 1)           # the April proposal is not code
    assert result.with_official_code == (1, 0, 0, 0, 0, 1)
    assert result.share == pytest.approx(4 / 15)
    assert result.official_share == pytest.approx(2 / 15)
    assert result.share_of_last(3) == pytest.approx(2 / 12)  # Apr-Jun: 2 of 12 papers


def test_framework_share_prefers_the_links_own_framework(catalog):
    result = measures.framework_share(WINDOW)
    assert result.totals() == {"pytorch": 1, "tf": 1, "jax": 1, "others": 0, "unknown": 2}
    assert result.counts["jax"] == (0, 0, 0, 1, 0, 0)
    assert result.shares() == pytest.approx({"pytorch": 1 / 3, "tf": 1 / 3, "jax": 1 / 3, "others": 0})


def test_popular_implementations_by_stars_and_stars_gained(catalog):
    result = measures.popular_implementations(WINDOW)
    assert [i.slug for i in result.by_stars["official"]] == ["t/torch-code"]
    assert [(i.slug, i.stars) for i in result.by_stars["community"]] == [("t/tf-code", 90), ("t/plain", 7)]
    assert [(i.slug, i.stars_gained) for i in result.by_stars_gained["official"]] == [("t/torch-code", 400)]
    assert [(i.slug, i.stars_gained) for i in result.by_stars_gained["community"]] == [("t/tf-code", 10)]
    assert result.snapshots


def test_tasks_and_areas_by_papers_and_growth(catalog):
    tasks = measures.top_tasks(WINDOW)
    assert [(t.slug, t.papers, t.earlier, t.recent) for t in tasks.by_papers] == [
        ("other-task", 9, 0, 9), ("vision-task", 2, 1, 1)]
    assert tasks.by_growth == ()  # other-task has no papers in the earlier half: no rate
    areas = measures.top_areas(WINDOW)
    assert [(a.slug, a.papers) for a in areas.by_papers] == [("test-vision", 2)]


def test_topic_growth_between_the_halves():
    assert measures._half_growth(10, 40, 6) == pytest.approx(4 ** (1 / 6) - 1)
    assert measures._half_growth(0, 40, 6) is None


def test_time_from_paper_to_first_code(catalog):
    result = measures.time_to_code(WINDOW)
    # January paper: published 2090-01-01, torch-code created 2090-01-11 -> 10 days;
    # February paper published 2090-02-01, tf-code created 2090-03-02 -> 29 days.
    assert result.papers == 2 and result.median_days == 19.5
    assert dict(result.buckets) == {"before the paper": 0, "within a week": 0, "within a month": 2,
                                    "within 3 months": 0, "within a year": 0, "later": 0}


def test_an_area_or_task_window_counts_only_its_papers(catalog):
    in_area = measures.papers_per_month(Window(WINDOW.start, WINDOW.end, area="test-vision"))
    assert in_area.papers == (1, 0, 0, 1, 0, 0)
    in_task = measures.code_share(Window(WINDOW.start, WINDOW.end, task="vision-task"))
    assert in_task.with_code == (1, 0, 0, 1, 0, 0)


@pytest.mark.parametrize("start, end, message", [
    ("2020-13", None, "from must be a month as YYYY-MM"),
    ("2021-05", "2020-01", "from (2021-05) is after to (2020-01)"),
    ("1800-01", "2020-01", "from must be a month"),
    ("'; DROP TABLE", None, "from must be a month"),
])
def test_bad_windows_are_refused_with_one_line(start, end, message):
    with pytest.raises(WindowError, match=message.replace("(", r"\(").replace(")", r"\)")):
        make_window(start, end)


def test_the_default_window_is_five_years_to_the_latest_month():
    window = make_window(latest=date(2024, 6, 17))
    assert (window.start, window.end, len(window.months)) == (date(2019, 7, 1), date(2024, 6, 1), 60)
