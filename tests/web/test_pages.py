"""Every page type renders real sample records, and answers 404 for unknown slugs."""

from __future__ import annotations

import re

import pytest
from django.db.models import Count

from opensota.catalog.models import Paper, PaperRepository, Repository
from opensota.evaluations.models import EvaluationTable, Metric, Result, ResultValue
from opensota.taxonomy.models import Area, Dataset, Method, Task

pytestmark = pytest.mark.django_db

FOOTER = "Data: Papers with Code (CC BY-SA 4.0), arXiv (CC0), NLP-progress (MIT) — see NOTICE"


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def rank_on(result: Result, metric: Metric) -> int:
    """A result's rank computed straight from the values: 1 + rows strictly better."""
    mine = ResultValue.objects.get(result=result, metric=metric).number
    better = {"number__gt" if metric.higher_is_better else "number__lt": mine}
    return 1 + ResultValue.objects.filter(metric=metric, **better).count()


# --- home, areas --------------------------------------------------------------------


def test_home_shows_latest_papers_top_tasks_and_areas(client):
    page = html(client.get("/"))
    latest = Paper.objects.filter(published__isnull=False).order_by("-published", "slug").first()
    top_task = Task.objects.annotate(n=Count("papers")).order_by("-n", "name").first()
    assert "OpenSOTA" in page and FOOTER in page
    assert latest.get_absolute_url() in page
    assert top_task.get_absolute_url() in page
    assert '/area/computer-vision"' in page
    assert 'action="/search"' in page


def test_areas_page_lists_areas_with_tasks(client):
    page = html(client.get("/areas"))
    assert "Computer Vision" in page and "Natural Language Processing" in page
    empty = Area.objects.annotate(n=Count("tasks")).filter(n=0).first()
    if empty is not None:
        assert f'href="{empty.get_absolute_url()}"' not in page


# --- paper ---------------------------------------------------------------------------


def test_paper_page_shows_bert(client, bert):
    page = html(client.get(bert.get_absolute_url()))
    assert "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding" in page
    for name, slug in [("Jacob Devlin", "jacob-devlin"), ("Kristina Toutanova", "kristina-toutanova")]:
        assert f'<a href="/author/{slug}">{name}</a>' in page
    assert "5 October 2018" in page
    assert 'href="https://arxiv.org/abs/1810.04805"' in page
    assert 'href="https://arxiv.org/pdf/1810.04805.pdf"' in page
    assert "Code <span class=\"count\">" in page
    code_pages = [page] + [html(client.get(f"{bert.get_absolute_url()}?code_page={n}")) for n in (2, 3, 4)]
    assert any("github.com/google-research/bert" in p for p in code_pages)
    assert "Question Answering" in page  # a task


def test_paper_page_ranks_its_results(client, bert, squad):
    page = html(client.get(bert.get_absolute_url()))
    em = squad.metrics.get(name="EM")
    for result in Result.objects.filter(paper=bert, table=squad):
        assert f"#{rank_on(result, em)} on SQuAD1.1 — EM" in page
        assert result.model_name in page
    # every leaderboard that cites the paper is linked
    for table in EvaluationTable.objects.filter(results__paper=bert).distinct():
        assert f'href="{table.get_absolute_url()}"' in page


def test_paper_page_shows_mask_rcnn_result_and_code(client, mask_rcnn):
    page = html(client.get(mask_rcnn.get_absolute_url()))
    assert "<h1>Mask R-CNN</h1>" in page
    assert "/sota/instance-segmentation-on-coco" in page
    assert "github.com/facebookresearch/Detectron" in page


def test_paper_code_links_show_official_badge_framework_and_stars(client, bert):
    repository = Repository.objects.create(
        url="https://github.com/example/official-bert", slug="example/official-bert",
        owner="example", name="official-bert", stars=12345, framework="jax",
    )
    PaperRepository.objects.create(
        paper=bert, repository=repository, url=repository.url, is_official=True, framework="jax"
    )
    page = html(client.get(bert.get_absolute_url()))
    official = page.index("github.com/example/official-bert")
    assert page.index("official</span>", official) < page.index("</li>", official)
    assert "★ 12,345" in page and "JAX" in page
    # official code comes first
    assert official < page.index("github.com/", page.index("</li>", official))


def test_paper_code_links_are_paginated(client, bert):
    count = PaperRepository.objects.filter(paper=bert).count()
    assert count > 30
    assert "code_page=2" in html(client.get(bert.get_absolute_url()))
    assert html(client.get(bert.get_absolute_url() + "?code_page=2"))
    assert html(client.get(bert.get_absolute_url() + "?code_page=oops"))


# --- task ------------------------------------------------------------------------------


def test_task_page_shows_leaderboards_with_their_best_result(client, squad):
    page = html(client.get("/task/question-answering"))
    assert "<h1>Question Answering</h1>" in page
    assert f'href="{squad.get_absolute_url()}"' in page
    em = squad.metrics.get(name="EM")
    best = ResultValue.objects.filter(metric=em).order_by("-number").select_related("result").first()
    row = page[page.index(f'href="{squad.get_absolute_url()}"'):]
    row = row[: row.index("</tr>")]
    assert best.result.model_name in row and best.text in row and "EM" in row
    for table in EvaluationTable.objects.filter(task__slug="question-answering"):
        assert f'href="{table.get_absolute_url()}"' in page


def test_task_page_shows_breadcrumb_children_and_papers(client):
    child = Task.objects.filter(parent__isnull=False, evaluation_tables__isnull=False).first()
    parent = child.parent
    page = html(client.get(child.get_absolute_url()))
    breadcrumb = page[page.index('class="breadcrumb"'):page.index("</nav>", page.index('class="breadcrumb"'))]
    assert f'href="{parent.get_absolute_url()}"' in breadcrumb
    parent_page = html(client.get(parent.get_absolute_url()))
    assert f'href="{child.get_absolute_url()}"' in parent_page
    for area in child.areas.all():
        assert f'href="{area.get_absolute_url()}"' in page


def test_task_papers_are_paginated(client):
    task = Task.objects.annotate(n=Count("papers")).filter(n__gt=25).order_by("-n").first()
    page = html(client.get(task.get_absolute_url()))
    assert "Page 1 of" in page and "page=2" in page
    last = html(client.get(task.get_absolute_url() + "?page=9999"))
    assert "Page 1 of" not in last


# --- dataset, method, area, author, repository ------------------------------------------


def test_dataset_page(client, squad):
    dataset = squad.dataset
    page = html(client.get(dataset.get_absolute_url()))
    assert f"<h1>{dataset.name}" in page
    assert f'href="{squad.get_absolute_url()}"' in page
    assert 'href="/task/question-answering"' in page
    cited = Paper.objects.filter(results__table=squad).order_by("-published", "slug").first()
    assert cited.get_absolute_url() in page


def test_dataset_page_lists_variants(client):
    dataset = Dataset.objects.annotate(n=Count("subdatasets")).filter(n__gt=0).first()
    page = html(client.get(dataset.get_absolute_url()))
    for sub in dataset.subdatasets.all():
        assert f'href="{sub.get_absolute_url()}"' in page
    assert f'href="{dataset.get_absolute_url()}"' in html(client.get(sub.get_absolute_url()))


def test_dataset_homepage_is_an_external_link(client):
    dataset = Dataset.objects.filter(homepage__startswith="http").first()
    page = html(client.get(dataset.get_absolute_url()))
    assert f'href="{dataset.homepage}" rel="nofollow noopener"' in page.replace("&amp;", "&")


def test_method_page_shows_description_as_escaped_paragraphs(client):
    method = Method.objects.get(slug="resnet")
    page = html(client.get(method.get_absolute_url()))
    assert "<h1>ResNet" in page and "Residual Network" in page
    assert "**Residual Networks**" in page  # markdown is shown as text, not rendered
    assert "<strong>" not in page
    assert page.count("<p>") >= 2


def test_method_page_shows_collections(client):
    method = Method.objects.filter(collections__isnull=False).first()
    page = html(client.get(method.get_absolute_url()))
    assert method.collections.first().name in page


def test_method_page_escapes_markup_in_its_description(client):
    method = Method.objects.create(
        slug="hostile-method", name="Hostile <i>Method</i>",
        description="First <script>alert(1)</script> paragraph.\n\nSecond [link](javascript:alert(2)).",
    )
    page = html(client.get(method.get_absolute_url()))
    assert "<script>alert(1)</script>" not in page and "<i>Method</i>" not in page
    assert "<p>First &lt;script&gt;alert(1)&lt;/script&gt; paragraph.</p>" in page
    assert 'href="javascript' not in page


def test_area_page_lists_tasks_largest_first(client):
    page = html(client.get("/area/computer-vision"))
    top = Task.objects.filter(areas__slug="computer-vision").annotate(n=Count("papers")).order_by("-n", "name").first()
    assert "<h1>Computer Vision</h1>" in page
    assert page.index(top.get_absolute_url()) < page.index("</ul>")
    assert "page=2" in page
    assert html(client.get("/area/computer-vision?page=2"))
    assert html(client.get("/area/computer-vision?page=-3"))


def test_author_page_lists_their_papers(client, bert):
    page = html(client.get("/author/jacob-devlin"))
    assert "<h1>Jacob Devlin</h1>" in page
    assert bert.get_absolute_url() in page


def test_repository_page(client, bert):
    page = html(client.get("/repository/google-research/bert"))
    assert "google-research/bert" in page
    assert 'href="https://github.com/google-research/bert" rel="nofollow noopener"' in page
    assert bert.get_absolute_url() in page


def test_every_odd_repository_slug_resolves(client):
    odd = [r for r in Repository.objects.all() if not re.fullmatch(r"[\w.-]+/[\w.-]+", r.slug)]
    for repository in odd:
        assert client.get(repository.get_absolute_url()).status_code == 200, repository.slug


# --- leaderboard -----------------------------------------------------------------------


def rows_of(page: str) -> list[str]:
    body = page[page.index("<tbody>"):page.index("</tbody>")]
    return body.split("<tr>")[1:]


def test_leaderboard_page_ranks_by_the_first_metric_with_a_direction(client, squad):
    page = html(client.get(squad.get_absolute_url()))
    assert "Question Answering on" in page and "SQuAD1.1" in page
    assert "Ranked by <strong>EM</strong> (higher is better)" in page
    em = squad.metrics.get(name="EM")
    top = ResultValue.objects.filter(metric=em).order_by("-number").select_related("result")[:3]
    rows = rows_of(page)
    for position, value in enumerate(top):
        assert value.result.model_name in rows[position]
        assert value.text in rows[position]
        assert f'<td class="rank">{position + 1}</td>' in rows[position]


def test_leaderboard_rows_link_paper_and_code_and_show_date(client, squad, bert):
    page = html(client.get(squad.get_absolute_url()))
    row = next(r for r in rows_of(page) if bert.get_absolute_url() in r)
    assert 'rel="nofollow noopener" class="external">code</a>' in row
    assert "Oct 2018" in row
    assert "<td>No</td>" in row  # extra data flag


@pytest.fixture
def made_up_table(db):
    """A leaderboard with a lower-is-better metric, a tie and rows without a value."""
    task = Task.objects.create(slug="test-ranking-task", name="Test Ranking Task")
    dataset = Dataset.objects.create(slug="test-ranking-data", name="Test Ranking Data")
    table = EvaluationTable.objects.create(task=task, dataset=dataset, slug="test-ranking-task-on-test-ranking-data")
    dev = Metric.objects.create(table=table, name="Dev", position=0, higher_is_better=None)
    error = Metric.objects.create(table=table, name="Error", position=1, higher_is_better=False)
    rows = [("no-value", None, "-"), ("worst", 9.0, "9.0"), ("tie-a", 1.5, "1.50"),
            ("best", 0.5, "0.5%"), ("tie-b", 1.5, "1.5")]
    for position, (name, number, text) in enumerate(rows):
        result = Result.objects.create(
            table=table, row_key=name, position=position, model_name=f"Model {name}", metrics_raw={}
        )
        ResultValue.objects.create(result=result, metric=error, text=text, number=number)
        ResultValue.objects.create(result=result, metric=dev, text=str(position), number=position)
    return table


def test_leaderboard_lower_is_better_ties_and_missing_values(client, made_up_table):
    page = html(client.get(made_up_table.get_absolute_url()))
    assert "Ranked by <strong>Error</strong> (lower is better)" in page
    rows = rows_of(page)
    expected = [("best", "1", "0.5%"), ("tie-a", "2", "1.50"), ("tie-b", "2", "1.5"),
                ("worst", "4", "9.0"), ("no-value", "—", "-")]
    assert len(rows) == len(expected)
    for row, (name, rank, text) in zip(rows, expected):
        assert f"Model {name}<" in row
        assert f'<td class="rank">{rank}</td>' in row
        assert f'<td class="num">{text}</td>' in row


def test_leaderboard_with_unknown_direction_keeps_source_order(client, made_up_table):
    Metric.objects.filter(table=made_up_table).update(higher_is_better=None)
    page = html(client.get(made_up_table.get_absolute_url()))
    assert "rows are listed in the order the source gave them" in page
    names = [re.search(r"Model ([\w-]+)<", row).group(1) for row in rows_of(page)]
    assert names == ["no-value", "worst", "tie-a", "best", "tie-b"]


def test_task_page_best_result_uses_the_ranking_metric(client, made_up_table):
    page = html(client.get("/task/test-ranking-task"))
    row = page[page.index(made_up_table.get_absolute_url()):]
    row = row[: row.index("</tr>")]
    assert "Model best" in row and "0.5%" in row and "Error" in row


def test_leaderboard_links_sub_leaderboards(client):
    child = EvaluationTable.objects.filter(parent__isnull=False).select_related("parent").first()
    page = html(client.get(child.parent.get_absolute_url()))
    assert f'href="{child.get_absolute_url()}"' in page
    assert f'href="{child.parent.get_absolute_url()}"' in html(client.get(child.get_absolute_url()))


def test_leaderboard_pages_never_fail_on_bad_page_numbers(client, squad):
    for value in ["0", "-1", "999999", "abc", "1e9", "%00"]:
        assert client.get(f"{squad.get_absolute_url()}?page={value}").status_code == 200


def test_every_leaderboard_renders(client):
    for slug in EvaluationTable.objects.values_list("slug", flat=True):
        assert client.get(f"/sota/{slug}").status_code == 200, slug


# --- not found ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "/paper/no-such-paper", "/task/no-such-task", "/dataset/no-such-dataset",
    "/method/no-such-method", "/area/no-such-area", "/author/no-such-author",
    "/repository/nobody/nothing", "/sota/no-such-task-on-no-such-dataset",
    "/no-such-page", "/paper/",
])
def test_unknown_slugs_give_a_friendly_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and FOOTER in page


def test_the_500_page_renders_without_a_request():
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "Something went wrong" in page and "OpenSOTA" in page
