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


def test_paper_page_ranks_its_results_on_the_primary_metric(client, bert, squad):
    page = html(client.get(bert.get_absolute_url()))
    f1 = squad.metrics.get(name="F1")  # SQuAD is ranked by F1, the order of its source
    for result in Result.objects.filter(paper=bert, table=squad):
        assert f"#{rank_on(result, f1)} on SQuAD1.1 — F1" in page
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
    f1 = squad.metrics.get(name="F1")  # the primary metric, as on the leaderboard itself
    best = ResultValue.objects.filter(metric=f1).order_by("-number").select_related("result").first()
    row = page[page.index(f'href="{squad.get_absolute_url()}"'):]
    row = row[: row.index("</tr>")]
    assert best.result.model_name in row and best.text in row and "<td>F1</td>" in row
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
