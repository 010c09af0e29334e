"""The trends page and its downloads: numbers equal to hand-computed ones, bad windows
answered 400 or 404 (never 500), hostile names escaped, queries bounded and cached.

`toy_field` adds a small field in 2000, years before the shipped sample's first paper,
so the window January–April 2000 holds only its papers: 1, 2, 4 and 8 a month (growth
exactly +100% a month), some with code, frameworks, star counts and creation dates.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from django.core.cache import cache

from opensota.catalog.models import Paper, PaperRepository, Repository, StarSnapshot
from opensota.taxonomy.models import Area, Task
from tests.web.conftest import escaped

pytestmark = pytest.mark.django_db

TOY = "from=2000-01&to=2000-04"
HOSTILE = "<script>alert(1)</script>"

# (month, paper's code: [(framework of the link, of the repository, official, created days after)])
CODE = {
    1: [[("pytorch", "none", True, 2)]],
    2: [[("tf", "none", False, -9)], []],
    3: [[("pytorch", "none", True, 20)], [("none", "jax", False, 100)], [], []],
    4: [[("pytorch", "none", False, None)], [("pytorch", "none", False, None)],
        [("mxnet", "none", False, None)], [("none", "none", False, None)], [], [], [], []],
}


@pytest.fixture
def toy_field(db):
    area = Area.objects.create(slug="toy-vision", name="Toy Vision")
    task = Task.objects.create(slug="toy-segmentation", name="Toy Segmentation")
    task.areas.add(area)
    repositories = []
    for month, papers in CODE.items():
        for number, links in enumerate(papers):
            paper = Paper.objects.create(slug=f"toy-{month}-{number}", title=f"Toy {month}.{number}",
                                         published=date(2000, month, 10))
            paper.tasks.add(task)
            for link_framework, framework, official, delay in links:
                name = f"toy-{month}-{number}"
                published = datetime(2000, month, 10, tzinfo=timezone.utc)
                created = None if delay is None else published + timedelta(days=delay)
                repository = Repository.objects.create(
                    url=f"https://github.com/toy/{name}", slug=f"toy/{name}", owner="toy", name=name,
                    framework=framework, created_at=created, stars=10 * (len(repositories) + 1))
                PaperRepository.objects.create(paper=paper, repository=repository, url=repository.url,
                                               is_official=official, framework=link_framework)
                repositories.append(repository)
    first, second = repositories[0], repositories[1]  # official toy/toy-1-0, community toy/toy-2-0
    StarSnapshot.objects.bulk_create([
        StarSnapshot(repository=first, observed_on=date(2000, 1, 20), stars=100),
        StarSnapshot(repository=first, observed_on=date(2000, 4, 20), stars=150),
        StarSnapshot(repository=second, observed_on=date(2000, 2, 1), stars=10),
        StarSnapshot(repository=second, observed_on=date(2000, 3, 1), stars=40),
    ])
    return {"area": area, "task": task, "repositories": repositories}


def get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response


def html(client, url: str, status: int = 200) -> str:
    return get(client, url, status).content.decode()


def text(page: str) -> str:
    """The page's words, tags and runs of spaces removed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))


def svg(page: str, chart: str) -> str:
    match = re.search(rf'<svg [^>]*data-chart="{chart}".*?</svg>', page, re.S)
    assert match, chart
    return match.group(0)


# --- the page -------------------------------------------------------------------------------------


def test_the_headline_numbers_are_those_computed_by_hand(client, toy_field):
    page = text(html(client, f"/trends?{TOY}"))
    assert "January 2000 to April 2000 (4 months)" in page
    assert "15 dated papers in the window" in page
    # 1, 2, 4, 8: ln(papers) rises by ln 2 a month; a year is 2^12 - 1 = +409,500%.
    assert "+100.0% a month, +409,500% a year, doubling every 1 months" in page
    # Code: 1 + 1 + 2 + 4 of 15 papers; official: January's and one of March's.
    assert ("53.3% of the window’s papers have code, 13.3% official code; "
            "53.3% of those of its last six months") in page
    # Frameworks of the 8 links: pytorch 4, tf 1, jax 1 (the repository's), mxnet (others) 1, unknown 1.
    assert "pytorch 57.1%, tf 14.3%, jax 14.3%, others 14.3%" in page
    # First code 2, -9, 20 and 100 days after the paper: the median is (2 + 20) / 2.
    assert "Median: 11 days from publication" in page
    assert "over 4 papers" in page


def test_each_chart_has_a_mark_per_number_with_its_tooltip(client, toy_field):
    page = html(client, f"/trends?{TOY}")
    papers = svg(page, "papers-chart")
    assert re.findall(r"<title>(\w+ 2000: \d+ papers?)</title>", papers) == [
        "Jan 2000: 1 paper", "Feb 2000: 2 papers", "Mar 2000: 4 papers", "Apr 2000: 8 papers"]
    assert papers.count('class="line trend"') == 1 and 'aria-labelledby="papers-chart-title"' in papers
    code = svg(page, "code-chart")
    assert "Feb 2000: 1 of 2 papers with code (50.0%)" in code
    assert "Mar 2000: 1 of 4 papers with official code (25.0%)" in code
    assert code.count('class="mark point code"') == code.count('class="mark point official"') == 4
    frameworks = svg(page, "frameworks-chart")
    assert "Apr 2000: pytorch 2 of 4 implementations (50%)" in frameworks
    assert "Mar 2000: jax 1 of 2 implementations (50%)" in frameworks
    assert frameworks.count('class="mark bar ') == 7  # Jan 1 framework, Feb 1, Mar 2, Apr 3
    delays = svg(page, "time-to-code-chart")
    assert [label for label in re.findall(r"<title>([^<]+)</title>", delays)] == [
        "before the paper: 1 paper", "within a week: 1 paper", "within a month: 1 paper", "within a year: 1 paper"]


def test_tasks_and_areas_are_ranked_with_links_to_their_pages(client, toy_field):
    page = html(client, f"/trends?{TOY}")
    tasks = svg(page, "tasks-by-papers-chart")
    assert '<a href="/task/toy-segmentation">' in tasks and "Toy Segmentation: 15" in tasks
    # Earlier half 1 + 2 papers, recent half 4 + 8, over 2 months: (12 / 3)^(1/2) - 1 = +100%.
    growth = svg(page, "tasks-by-growth-chart")
    assert ("Toy Segmentation: +100.0%/mo (15 papers: 3 in the earlier half of the window, "
            "12 in the recent half)") in growth
    assert '<a href="/area/toy-vision">' in svg(page, "areas-by-papers-chart")


def test_implementations_link_to_their_repository_pages(client, toy_field):
    page = html(client, f"/trends?{TOY}")
    section = page[page.index('id="implementations"'):page.index('id="time-to-code"')]
    for repository in toy_field["repositories"]:
        assert f'href="{repository.get_absolute_url()}"' in section
    gained = text(section[section.index("By stars gained"):])
    # The repositories' own framework is not known (their links name theirs).
    assert "1 toy/toy-1-0 10 +50 unknown 1" in gained  # official: 100 -> 150 stars
    assert "1 toy/toy-2-0 20 +30 unknown 1" in gained  # community: 10 -> 40


def test_without_star_counts_or_creation_dates_the_page_says_so(client):
    page = text(html(client, "/trends?from=2019-01&to=2019-12"))
    assert "No star counts were recorded between January 2019 and December 2019" in page
    assert "has a known creation date, so the time from paper to first code cannot be measured" in page


def test_the_default_window_is_five_years_to_the_newest_paper(client):
    newest = Paper.objects.exclude(published=None).latest("published").published
    page = html(client, "/trends")
    end = newest.replace(day=1)
    start = date(end.year - 5 + (end.month == 12), end.month % 12 + 1, 1)
    assert f'name="from" value="{start:%Y-%m}"' in page and f'name="to" value="{end:%Y-%m}"' in page
    assert "(60 months)" in page
    assert f"/trends/papers.csv?from={start:%Y-%m}&amp;to={end:%Y-%m}" in page


def test_every_chart_has_its_numbers_and_downloads(client, toy_field):
    page = html(client, f"/trends?{TOY}&area=toy-vision")
    assert page.count("<summary>Numbers</summary>") == 7
    for name in ("papers", "code", "frameworks", "implementations", "tasks", "areas", "time-to-code"):
        for fmt in ("csv", "json"):
            assert f'href="/trends/{name}.{fmt}?{TOY.replace("&", "&amp;")}&amp;area=toy-vision"' in page
    numbers = page[page.index("<summary>Numbers</summary>"):]
    assert re.search(r"<td>2000-04</td><td class=\"num\">8</td><td class=\"num\">8.0</td>", numbers)


def test_the_form_keeps_the_window_and_lists_the_areas(client, toy_field):
    page = html(client, f"/trends?{TOY}&area=toy-vision&task=toy-segmentation")
    assert 'value="2000-01"' in page and 'value="2000-04"' in page
    assert '<option value="toy-vision" selected>Toy Vision</option>' in page
    assert page.count("<option ") == Area.objects.count() + 1
    assert 'name="task" value="toy-segmentation"' in page
    assert ('<h1>Trends in <a href="/task/toy-segmentation">Toy Segmentation</a>, '
            '<a href="/area/toy-vision">Toy Vision</a></h1>') in page


def test_the_site_navigation_links_to_trends(client):
    assert '<a href="/trends">Trends</a>' in html(client, "/")


# --- bad windows ---------------------------------------------------------------------------------


@pytest.mark.parametrize("query, says", [
    ("from=2021-13", "from must be a month as YYYY-MM, not '2021-13'"),
    ("to=yesterday", "to must be a month as YYYY-MM, not 'yesterday'"),
    ("from=2022-01&to=2021-01", "from (2022-01) is after to (2021-01)"),
    ("from=1950-01&to=2020-01", "a window can span at most 50 years"),
    ("from=%00", "from must be a month as YYYY-MM"),
])
def test_a_bad_month_is_a_400_that_says_which(client, query, says):
    page = html(client, f"/trends?{query}", 400)
    assert escaped(says) in page
    assert 'class="trend-window"' in page  # the form, to mend it


@pytest.mark.parametrize("query", [
    "area=atlantis", "task=no-such-task", "task=%22%3E%3Cscript%3E", "area=" + "a" * 5000,
])
def test_an_unknown_area_or_task_is_a_404(client, query):
    for url in (f"/trends?{query}", f"/trends/papers.csv?{query}", f"/trends/papers.json?{query}"):
        page = html(client, url, 404)
        assert "<script>" not in page


def test_hostile_parameters_are_escaped_when_written_back(client):
    page = html(client, f"/trends?from={HOSTILE}&to=%22onmouseover=alert(1)&task=%22%3E{HOSTILE}", 400)
    assert HOSTILE not in page and '"onmouseover' not in page
    assert escaped(HOSTILE) in page  # in the message
    assert f'name="task" value="{escaped(chr(34) + ">" + HOSTILE)}"' in page  # in the form


def test_hostile_task_names_are_escaped_on_the_page_and_defused_in_csv(client, toy_field):
    toy_field["task"].name = HOSTILE
    toy_field["task"].save()
    Task.objects.create(slug="formula", name="=HYPERLINK(\"http://evil\")").papers.add(
        *Paper.objects.filter(slug__startswith="toy-"))
    page = html(client, f"/trends?{TOY}&task=toy-segmentation")
    assert HOSTILE not in page and escaped(HOSTILE) in page
    rows = list(csv.reader(io.StringIO(get(client, f"/trends/tasks.csv?{TOY}").content.decode())))
    names = [row[3] for row in rows[1:]]
    assert HOSTILE in names and "'=HYPERLINK(\"http://evil\")" in names


def test_a_topic_whose_slug_no_page_can_have_is_listed_without_a_link(client, toy_field):
    toy_field["task"].slug = "bad slug/<x>"
    toy_field["task"].save()
    page = html(client, f"/trends?{TOY}")
    assert "Toy Segmentation" in svg(page, "tasks-by-papers-chart")
    assert "bad slug" not in svg(page, "tasks-by-papers-chart")


# --- downloads ------------------------------------------------------------------------------------


def test_csv_is_the_table_with_a_header_row(client, toy_field):
    response = get(client, f"/trends/papers.csv?{TOY}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="opensota-trends-papers-2000-01-2000-04.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["month", "papers", "trend"], ["2000-01", "1", "1.0"], ["2000-02", "2", "2.0"],
                    ["2000-03", "4", "4.0"], ["2000-04", "8", "8.0"]]


def test_json_is_the_table_with_its_window(client, toy_field):
    response = get(client, f"/trends/code.json?{TOY}&task=toy-segmentation")
    assert response["Content-Disposition"] == (
        'attachment; filename="opensota-trends-code-2000-01-2000-04-toy-segmentation.json"')
    assert json.loads(response.content) == {
        "measure": "code",
        "window": {"from": "2000-01", "to": "2000-04", "area": None, "task": "toy-segmentation"},
        "columns": ["month", "papers", "with_code", "with_official_code", "code_share_pct", "official_share_pct"],
        "rows": [["2000-01", 1, 1, 1, 100.0, 100.0], ["2000-02", 2, 1, 0, 50.0, 0.0],
                 ["2000-03", 4, 2, 1, 50.0, 25.0], ["2000-04", 8, 4, 0, 50.0, 0.0]],
    }


def test_time_to_code_and_frameworks_downloads(client, toy_field):
    delays = json.loads(get(client, f"/trends/time-to-code.json?{TOY}").content)["rows"]
    assert delays == [["before the paper", 1], ["within a week", 1], ["within a month", 1],
                      ["within 3 months", 0], ["within a year", 1], ["later", 0]]
    frameworks = list(csv.reader(io.StringIO(get(client, f"/trends/frameworks.csv?{TOY}").content.decode())))
    assert frameworks == [["month", "pytorch", "tf", "jax", "others", "unknown"],
                          ["2000-01", "1", "0", "0", "0", "0"], ["2000-02", "0", "1", "0", "0", "0"],
                          ["2000-03", "1", "0", "1", "0", "0"], ["2000-04", "2", "0", "0", "1", "1"]]


def test_an_unknown_measure_is_a_404_and_a_bad_window_a_400(client):
    get(client, "/trends/nothing.csv", 404)
    get(client, "/trends/nothing.json", 404)
    response = get(client, "/trends/papers.csv?from=2020-1", 400)
    assert response.content.decode() == "from must be a month as YYYY-MM, not '2020-1'"


def test_pages_and_downloads_only_read(client):
    for url in ("/trends", "/trends/papers.csv"):
        assert client.post(url).status_code == 405


# --- speed ---------------------------------------------------------------------------------------


def stamp_queries() -> int:
    """What asking for the catalog stamp costs (the cache's key; `trends.report` decides)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opensota.trends.report import catalog_stamp

    with CaptureQueriesContext(connection) as context:
        catalog_stamp()
    return len(context.captured_queries)


def test_a_cold_page_aggregates_once_and_a_warm_one_asks_only_for_the_stamp(
        client, django_assert_max_num_queries, django_assert_num_queries):
    # Cold: the newest month, the areas of the form, the stamp, then a few aggregations
    # per measure (`trends.measures` decides how many; none per row).
    with django_assert_max_num_queries(2 + stamp_queries() + 16):
        get(client, "/trends")
    # Warm: the newest month, the areas of the form and the stamp; nothing aggregated.
    with django_assert_num_queries(2 + stamp_queries()):
        get(client, "/trends")


def count_queries(client, url: str) -> int:
    """A cold page's queries, the trends rollup being up to date (a stale one is rebuilt by
    the first page, in a fixed number of statements, counted apart in tests/trends)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opensota.trends.rollup import refresh

    refresh()
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        get(client, url)
    return len(context.captured_queries)


def test_queries_do_not_grow_with_the_rows_shown(client, toy_field):
    url = f"/trends?{TOY}&task=toy-segmentation"
    before = count_queries(client, url)
    for number in range(20):  # 20 more papers, each with its own starred, dated repository
        paper = Paper.objects.create(slug=f"more-{number}", published=date(2000, 4, 2))
        paper.tasks.add(toy_field["task"], Task.objects.create(slug=f"more-{number}", name=f"More {number}"))
        repository = Repository.objects.create(
            url=f"https://github.com/more/r{number}", slug=f"more/r{number}", owner="more", name=f"r{number}",
            stars=number, created_at=datetime(2000, 4, 5, tzinfo=timezone.utc))
        PaperRepository.objects.create(paper=paper, repository=repository, url=repository.url,
                                       is_official=number % 2 == 0, framework="jax")
        StarSnapshot.objects.create(repository=repository, observed_on=date(2000, 4, 3), stars=1)
        StarSnapshot.objects.create(repository=repository, observed_on=date(2000, 4, 25), stars=2 + number)
    page = html(client, url)
    assert "35 dated papers" in text(page) and "more/r19" in page
    assert count_queries(client, url) == before


def test_the_page_loads_no_script_and_no_outside_assets(client, toy_field):
    page = html(client, f"/trends?{TOY}")
    assert "<script" not in page
    for tag in re.findall(r"<(?:link|img|iframe|image|use)\b[^>]*>", page):
        assert "http:" not in tag and "https:" not in tag and "//" not in tag, tag


# --- chart geometry --------------------------------------------------------------------------------


def test_bars_stand_on_the_baseline_inside_the_plot_and_stack_to_the_top():
    from opensota.trends.measures import FrameworkShare, PapersPerMonth, fit_growth
    from opensota.web.trend_charts import frameworks_chart, papers_chart

    months = (date(2000, 1, 1), date(2000, 2, 1), date(2000, 3, 1))
    plot = papers_chart(PapersPerMonth(months, (3, 0, 7), fit_growth((3, 0, 7)), 0), None)
    assert len(plot.bars) == 2 and not plot.lines  # two months with papers are too few to fit
    for bar in plot.bars:
        assert plot.plot_left <= bar.x < bar.x + bar.width <= plot.plot_right
        assert plot.plot_top <= bar.y and math.isclose(bar.y + bar.height, plot.plot_bottom, abs_tol=0.2)
    assert plot.bars[1].height > plot.bars[0].height
    assert [tick.label for tick in plot.y_ticks] == ["0", "2", "4", "6"]  # whole papers only
    counts = {"pytorch": (1, 0, 0), "tf": (1, 0, 0), "jax": (0, 0, 0), "others": (0, 0, 2), "unknown": (2, 0, 0)}
    stacked = frameworks_chart(FrameworkShare(months, tuple(counts), counts))
    january = [bar for bar in stacked.bars if bar.label.startswith("Jan")]
    assert [bar.series for bar in january] == ["pytorch", "tf", "unknown"]
    assert math.isclose(sum(bar.height for bar in january), stacked.plot_bottom - stacked.plot_top, abs_tol=1)
    assert frameworks_chart(FrameworkShare(months, tuple(counts), {k: (0, 0, 0) for k in counts})) is None


def test_ranking_bars_grow_from_zero_either_way():
    from opensota.trends.measures import Topic
    from opensota.web.trend_charts import ranking_chart

    topics = [Topic("up", "Up", 20, 5, 15, 0.2), Topic("down", "A very long name of a task, cut short", 12, 8, 4, -0.1)]
    ranking = ranking_chart(topics, lambda t: t.monthly_growth, lambda t: f"{t.monthly_growth:+.0%}", lambda t: "")
    up, down = ranking.rows
    assert math.isclose(up.bar_x, ranking.zero_x) and not up.negative
    assert math.isclose(down.bar_x + down.bar_width, ranking.zero_x, abs_tol=0.2) and down.negative
    assert up.bar_width > down.bar_width
    assert down.label.endswith("…") and len(down.label) <= 28 and down.name == topics[1].name
    assert ranking_chart([], lambda t: 0, str, str) is None
