"""Paper pages say why code is linked: the linker's evidence, official and framework badges."""

import pytest

from opensota.catalog.models import Paper, PaperRepository
from opensota.cli import sample_directory
from opensota.github.files import iter_repo_records
from opensota.linking.records import RepoRecord
from opensota.linking.stage import ingest_repositories, link_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked():
    ingest_repositories(iter_repo_records([sample_directory() / "repositories.jsonl.gz"]))
    link_catalog(accept=0.7, propose=0.5)


def page(client, paper: Paper) -> str:
    response = client.get(paper.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_linked_paper_shows_the_evidence_and_the_framework(client, linked):
    link = PaperRepository.objects.get(repository__slug="salesforce/awd-lstm-lm", paper__arxiv_id="1708.02182")
    html = page(client, link.paper)
    assert "arXiv link in README" in html and "paper title in README" in html
    assert link.repository.framework == "pytorch"
    assert 'title="torch in requirements.txt"' in html or ">PyTorch</span>" in html


def test_proposals_are_not_shown_as_code(client):
    paper = Paper.objects.create(slug="a-proposed-paper", title="A Proposed Paper")
    ingest_repositories([RepoRecord(url="https://github.com/example/maybe", owner="example", name="maybe",
                                    readme="Some text. See also arXiv:2401.12345 for more.")])
    paper.arxiv_id = "2401.12345"
    paper.save()
    link_catalog(accept=0.99, propose=0.3)
    assert PaperRepository.objects.get(paper=paper).status == PaperRepository.PROPOSED
    assert "github.com/example/maybe" not in page(client, paper)


def test_evidence_from_a_hostile_readme_is_escaped(client):
    paper = Paper.objects.create(slug="hostile-evidence", title="Hostile Evidence", arxiv_id="2402.00001")
    readme = '# <script>alert(1)</script>\n\n"Hostile Evidence" [paper](https://arxiv.org/abs/2402.00001)'
    ingest_repositories([RepoRecord(url="https://github.com/example/hostile", owner="example", name="hostile",
                                    readme=readme, description="<img src=x onerror=alert(1)>")])
    link_catalog(accept=0.5, propose=0.3)
    html = page(client, paper)
    assert "github.com/example/hostile" in html
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
