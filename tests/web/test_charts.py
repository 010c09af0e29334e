"""The state-of-the-art chart: geometry inside the plot, labels escaped on the page."""

from __future__ import annotations

from datetime import date

import pytest

from opensota.evaluations.ranking import ProgressPoint
from opensota.web.charts import progress_chart


def point(day, number, record, name="m"):
    return ProgressPoint(day, number, name, record)


def test_chart_places_every_dot_inside_the_plot():
    points = [point(date(2016, 1, 1), 10.0, True), point(date(2017, 6, 1), 5.0, False),
              point(date(2020, 3, 1), 20.0, True)]
    chart = progress_chart(points, label=lambda p: p.row)
    for dot in chart.dots:
        assert chart.plot_left <= dot.x <= chart.plot_right
        assert chart.plot_top <= dot.y <= chart.plot_bottom
    assert chart.dots[0].x == chart.plot_left and chart.dots[-1].x == chart.plot_right
    assert chart.dots[2].y < chart.dots[0].y < chart.dots[1].y  # higher values drawn higher
    assert chart.record_path.startswith(f"M{chart.dots[0].x},{chart.dots[0].y}")
    assert [t.label for t in chart.x_ticks] == ["2017", "2018", "2019", "2020"]


def test_chart_handles_one_day_and_one_value():
    points = [point(date(2020, 1, 1), 3.0, True), point(date(2020, 1, 1), 3.0, False)]
    chart = progress_chart(points)
    assert chart is not None and len(chart.dots) == 2
    assert progress_chart(points[:1]) is None
    assert progress_chart([]) is None


def test_chart_limits_year_labels():
    points = [point(date(1990, 1, 1), 1.0, True), point(date(2024, 1, 1), 2.0, True)]
    assert len(progress_chart(points).x_ticks) <= 8


@pytest.mark.django_db
def test_leaderboard_page_draws_the_chart_with_escaped_labels(client, squad):
    from opensota.evaluations.models import Result

    Result.objects.filter(table=squad, position=0).update(model_name="<script>alert(1)</script>")
    page = client.get(squad.get_absolute_url()).content.decode()
    assert '<figure class="chart">' in page and "<svg" in page
    assert "new state of the art" in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
