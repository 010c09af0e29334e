"""Code links: one repository per project, whatever the spelling of its URL."""

from __future__ import annotations

import json

import pytest

from opensota.catalog.models import PaperRepository, Repository
from opensota.dumps.import_links import import_link_batch
from opensota.dumps.import_papers import import_paper_batch
from opensota.dumps.importer import import_dumps

pytestmark = pytest.mark.django_db

PAPER = "https://paperswithcode.com/paper/bert-pre-training-of-deep-bidirectional-transformers-for-language-understanding"


def link(repo_url: str, framework: str = "none", paper_url: str = PAPER) -> dict:
    return {"paper_url": paper_url, "paper_title": "BERT", "repo_url": repo_url,
            "is_official": None, "mentioned_in_paper": None, "mentioned_in_github": None,
            "framework": framework}


def write_links(tmp_path, records):
    (tmp_path / "links-between-papers-and-code.json").write_text(json.dumps(records))


def test_a_repository_spelt_differently_later_keeps_its_url_and_learns_its_framework(tmp_path):
    write_links(tmp_path, [link("https://github.com/ZyxLab/Quokka-Net")])
    import_dumps([tmp_path])
    write_links(tmp_path, [
        link("https://github.com/zyxlab/quokka-net", "pytorch"),
        link("https://github.com/ZYXLAB/QUOKKA-NET/tree/master/src", "tf"),
    ])
    import_dumps([tmp_path])
    repository = Repository.objects.get(slug="zyxlab/quokka-net")
    assert repository.url == "https://github.com/ZyxLab/Quokka-Net"
    assert repository.framework == "pytorch"
    assert repository.paper_links.count() == 3
    assert not Repository.objects.filter(url="").exists()


def test_links_into_a_repository_share_it():
    import_link_batch([
        link("https://github.com/zyxlab/zoo/tree/master/research/deeplab"),
        link("https://github.com/zyxlab/zoo.git"),
    ])
    assert Repository.objects.filter(slug="zyxlab/zoo").count() == 1
    urls = set(PaperRepository.objects.filter(repository__slug="zyxlab/zoo").values_list("url", flat=True))
    assert urls == {"https://github.com/zyxlab/zoo/tree/master/research/deeplab", "https://github.com/zyxlab/zoo.git"}


def test_reimporting_unchanged_records_reindexes_nothing():
    papers = [{"paper_url": "https://paperswithcode.com/paper/zyx-quokka", "title": "Quokka",
               "authors": ["Ada Lovelace"], "tasks": ["Question Answering"]}]
    assert import_paper_batch(papers) != []
    assert import_paper_batch(papers) == []
    papers[0]["authors"].append("Alan Turing")
    assert len(import_paper_batch(papers)) == 1
    links = [link("https://github.com/zyxlab/quokka", paper_url=papers[0]["paper_url"])]
    assert import_link_batch(links)[1] != []
    assert import_link_batch(links) == ([], [])
