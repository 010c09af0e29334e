"""Fixtures for the API tests: tokens, and sample records with what the sample lacks."""

from __future__ import annotations

import pytest

from opensota.catalog.models import Conference, Paper, Proceeding, Repository
from opensota.taxonomy.models import Dataset, Method

BERT = "bert-pre-training-of-deep-bidirectional-transformers-for-language-understanding"


@pytest.fixture
def editor_key(db):
    from opensota.accounts.tokens import create_token_for

    return create_token_for("api-editor", can_edit_catalog=True)[2]


@pytest.fixture
def reader_key(db):
    from opensota.accounts.tokens import create_token_for

    return create_token_for("api-reader")[2]


@pytest.fixture
def as_editor(editor_key):
    return {"HTTP_AUTHORIZATION": f"Token {editor_key}"}


@pytest.fixture
def bert(db):
    """BERT with its venue, datasets, methods and its repository's stars (the sample has none)."""
    paper = Paper.objects.get(slug=BERT)
    naacl = Conference.objects.create(slug="naacl", name="NAACL")
    paper.conference = naacl
    paper.proceeding = Proceeding.objects.create(slug="naacl-2019-6", conference=naacl)
    paper.save()
    paper.datasets.add(*Dataset.objects.filter(slug__in=["squad1-1", "glue"]))
    paper.methods.add(*Method.objects.filter(slug__in=["bert", "adam", "dropout", "gelu", "wordpiece"]))
    Repository.objects.filter(slug="google-research/bert").update(stars=38000)
    return paper
