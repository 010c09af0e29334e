"""The linker over the database: ingest, link what changed, keep what people decided."""

from datetime import date

import pytest

from opensota.catalog.models import Paper, PaperRepository, Repository, StarSnapshot
from opensota.cli import sample_directory
from opensota.github.files import iter_repo_records
from opensota.linking.records import RepoRecord
from opensota.linking.stage import ingest_repositories, link_catalog

pytestmark = pytest.mark.django_db
SAMPLE_REPOSITORIES = sample_directory() / "repositories.jsonl.gz"


def sample_records():
    return list(iter_repo_records([SAMPLE_REPOSITORIES]))


def link(full=False):
    return link_catalog(accept=0.7, propose=0.5, full=full)


def test_ingest_stores_repositories_with_readme_and_a_star_snapshot():
    records = sample_records()
    report = ingest_repositories(records, observed_on=date(2026, 11, 1))
    assert report.created + report.updated == len(records) == 124
    epcb = Repository.objects.get(slug="qslim/epcb-gnns")
    assert epcb.readme.startswith("# Breaking the Expression Bottleneck of Graph Neural Networks")
    assert epcb.content_digest and epcb.dependency_files
    starred = [r for r in records if r.stars is not None]
    assert StarSnapshot.objects.filter(observed_on=date(2026, 11, 1)).count() == len(starred) > 0


def test_ingesting_the_same_records_again_changes_nothing():
    ingest_repositories(sample_records())
    again = ingest_repositories(sample_records())
    assert again.created == again.updated == 0 and again.unchanged == 124


def test_star_counts_are_kept_per_day():
    record = RepoRecord(url="https://github.com/example/stars", owner="example", name="stars", stars=10)
    ingest_repositories([record], observed_on=date(2026, 1, 1))
    ingest_repositories([RepoRecord(**{**record.__dict__, "stars": 25})], observed_on=date(2026, 2, 1))
    snapshots = StarSnapshot.objects.filter(repository__slug="example/stars").order_by("observed_on")
    assert [(s.observed_on.month, s.stars) for s in snapshots] == [(1, 10), (2, 25)]
    assert Repository.objects.get(slug="example/stars").stars == 25


def test_linking_the_sample_finds_papers_with_evidence():
    ingest_repositories(sample_records())
    report = link()
    # The 124 ingested repositories, and those the papers' abstracts link to.
    assert report.linked_repositories > 124 and report.accepted > 100
    # A link the linker found itself: the README quotes the paper's title.
    found = PaperRepository.objects.get(repository__slug="kocurvik/rdnet", source="linker")
    assert found.status == PaperRepository.ACCEPTED and found.confidence >= 0.7
    assert found.paper.title.startswith("Are Minimal Radial Distortion Solvers")
    assert found.evidence[0]["reason"] == "paper title in README"
    # An imported link keeps its status and gains the evidence the linker saw.
    imported = PaperRepository.objects.get(repository__slug="salesforce/awd-lstm-lm", source="imported",
                                           paper__arxiv_id="1708.02182")
    assert {"arXiv link in README", "paper title in README"} <= {e["reason"] for e in imported.evidence}


def test_a_second_run_links_only_what_changed():
    ingest_repositories(sample_records())
    link()
    assert link().linked_repositories == 0
    changed = sample_records()[0]
    ingest_repositories([RepoRecord(**{**changed.__dict__, "readme": changed.readme + "\nUpdated."})])
    assert link().linked_repositories == 1


def test_a_new_paper_relinks_the_repositories_that_name_it():
    readme = "# Tiny\nCode for our paper [Tiny](https://arxiv.org/abs/2401.99999).\n"
    ingest_repositories([RepoRecord(url="https://github.com/example/tiny", owner="example", name="tiny",
                                    readme=readme)])
    link()
    assert not PaperRepository.objects.filter(repository__slug="example/tiny").exists()
    paper = Paper.objects.create(slug="tiny-paper", title="Tiny Paper", arxiv_id="2401.99999")
    report = link()
    assert report.changed_papers == 1 and report.linked_repositories == 1
    assert PaperRepository.objects.get(repository__slug="example/tiny").paper == paper


def test_links_people_rejected_or_imported_are_not_overwritten():
    ingest_repositories(sample_records())
    link()
    rejected = PaperRepository.objects.filter(source="linker").first()
    rejected.status = PaperRepository.REJECTED
    rejected.save()
    link(full=True)
    rejected.refresh_from_db()
    assert rejected.status == PaperRepository.REJECTED
    imported = PaperRepository.objects.filter(source="imported").exclude(evidence=[]).first()
    assert imported is not None and imported.status == PaperRepository.ACCEPTED


def test_proposals_wait_below_the_acceptance_threshold_and_are_not_public():
    from opensota.catalog.queries import code_links

    ingest_repositories(sample_records())
    link_catalog(accept=0.999, propose=0.5)
    proposal = PaperRepository.objects.filter(status=PaperRepository.PROPOSED).first()
    assert proposal is not None
    assert proposal not in list(code_links(proposal.paper))


def test_awesome_lists_link_nothing():
    readme = "# Awesome Graph Papers\n" + "".join(
        f"- [Paper {n}](https://arxiv.org/abs/2005.{14100 + n})\n" for n in range(60))
    ingest_repositories([RepoRecord(url="https://github.com/example/awesome-graphs", owner="example",
                                    name="awesome-graphs", readme=readme, top_level=("README.md",))])
    link()
    repository = Repository.objects.get(slug="example/awesome-graphs")
    assert repository.kind == "awesome-list"
    assert not repository.paper_links.exists()
