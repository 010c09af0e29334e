"""Records of the shipped sample that the page tests look at, found by querying the DB."""

from __future__ import annotations

import pytest

from opensota.catalog.models import Author, Paper, PaperAuthor
from opensota.evaluations.models import EvaluationTable
from opensota.search import index


@pytest.fixture
def bert(db):
    return Paper.objects.get(arxiv_id="1810.04805")


@pytest.fixture
def mask_rcnn(db):
    return Paper.objects.get(arxiv_id="1703.06870")


@pytest.fixture
def squad(db):
    return EvaluationTable.objects.select_related("task", "dataset").get(
        slug="question-answering-on-squad1-1"
    )


@pytest.fixture
def hostile_paper(db):
    """A paper whose every text field tries to inject markup, indexed for search."""
    paper = Paper.objects.create(
        slug="hostile-markup-paper",
        title="<script>alert(1)</script> Zyzzyvaquux Attention",
        abstract='<img src=x onerror="alert(2)"> abstract with **markdown** and <b>tags</b>',
        url_abs="javascript:alert(3)",
        url_pdf="data:text/html,<script>alert(4)</script>",
    )
    author = Author.objects.create(slug="hostile-author", name="<script>alert(5)</script> Mallory")
    PaperAuthor.objects.create(paper=paper, author=author, position=0)
    index.refresh_papers([paper.id])
    return paper


def escaped(text: str) -> str:
    """`text` as Django's autoescape writes it."""
    from django.utils.html import escape

    return str(escape(text))
