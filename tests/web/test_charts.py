"""The state-of-the-art chart: geometry inside the plot, round ticks, one mark per point."""

from __future__ import annotations

from datetime import date

import pytest

from opensota.evaluations.ranking import ProgressPoint
from opensota.web.charts import _date_ticks, _nice_ticks, _short, progress_chart


def point(day, number, record, name="m"):
    return ProgressPoint(day, number, name, record)


def test_chart_places_every_mark_inside_the_plot():
    points = [point(date(2016, 1, 1), 10.0, True), point(date(2017, 6, 1), 5.0, False),
              point(date(2020, 3, 1), 20.0, True)]
    chart = progress_chart(points, label=lambda p: p.row)
    for mark in chart.marks:
        assert chart.plot_left <= mark.x <= chart.plot_right
        assert chart.plot_top <= mark.y <= chart.plot_bottom
    assert chart.marks[0].x == chart.plot_left and chart.marks[-1].x == chart.plot_right
    assert chart.marks[2].y < chart.marks[0].y < chart.marks[1].y  # higher values drawn higher
    assert chart.record_path.startswith(f"M{chart.marks[0].x},{chart.marks[0].y}")
    assert [t.label for t in chart.x_ticks] == ["2017", "2018", "2019", "2020"]
    for tick in chart.y_ticks:
        assert chart.plot_top <= tick.position <= chart.plot_bottom


def test_the_record_line_steps_through_the_records_only():
    points = [point(date(2016, 1, 1), 10.0, True), point(date(2017, 1, 1), 5.0, False),
              point(date(2018, 1, 1), 20.0, True)]
    chart = progress_chart(points)
    first, _, last = chart.marks
    assert chart.record_path == f"M{first.x},{first.y} H{last.x} V{last.y} H{chart.plot_right}"


def test_every_point_is_a_mark_with_its_label_link_and_model():
    points = [point(date(2020, 1, 1), 3.0, True, "a"), point(date(2020, 1, 1), 3.0, False, "b")]
    chart = progress_chart(points, label=lambda p: f"label {p.row}",
                           link=lambda p: (f"/paper/{p.row}", False), model=lambda p: p.row.upper())
    assert [(m.label, m.href, m.model, m.record) for m in chart.marks] == [
        ("label a", "/paper/a", "A", True), ("label b", "/paper/b", "B", False),
    ]
    assert chart.x_ticks  # one day is centred in a year, with month ticks around it


def test_a_single_point_is_charted_and_none_is_not():
    assert len(progress_chart([point(date(2020, 5, 1), 1.0, True)]).marks) == 1
    assert progress_chart([]) is None


def test_year_labels_are_limited():
    points = [point(date(1990, 1, 1), 1.0, True), point(date(2024, 1, 1), 2.0, True)]
    assert len(progress_chart(points).x_ticks) <= 8


@pytest.mark.parametrize("start, end, labels", [
    (date(2016, 8, 5), date(2018, 10, 1), ["2017", "Jul 2017", "2018", "Jul 2018"]),
    (date(2016, 3, 5), date(2021, 2, 1), ["2017", "2018", "2019", "2020", "2021"]),
    (date(2019, 3, 5), date(2019, 6, 1), ["Apr 2019", "May 2019", "Jun 2019"]),
])
def test_date_ticks(start, end, labels):
    assert [label for _, label in _date_ticks(start, end)] == labels


@pytest.mark.parametrize("low, high, ticks", [
    (0, 1, [0, 0.25, 0.5, 0.75, 1]),
    (88.2, 95.4, [90, 92, 94]),
    (-3, 2, [-2, 0, 2]),
])
def test_value_ticks_are_round(low, high, ticks):
    assert _nice_ticks(low, high, 5) == ticks


def test_tick_labels_are_short():
    assert [_short(v) for v in (0, 91.8, 0.0125, 250_000, 1.5e6, 3e9)] == [
        "0", "91.8", "0.0125", "250k", "1.5M", "3G"
    ]


@pytest.mark.django_db
def test_leaderboard_page_draws_the_chart_with_escaped_labels(client, squad):
    from opensota.evaluations.models import Result

    Result.objects.filter(table=squad, position=0).update(model_name="<script>alert(1)</script>")
    page = client.get(squad.get_absolute_url()).content.decode()
    assert '<figure class="chart" id="sota-chart">' in page and "<svg" in page
    assert "new state of the art" in page
    body = page.split("</head>")[1]
    assert "<script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
