"""The linker as a pipeline stage over the database: ingest repositories, link what changed.

The rules in this package see only plain records; this module is where they meet the ORM.
`ingest_repositories` stores repository records (and a star count for the day);
`link_catalog` runs the linker over repositories that are new or changed, and over those
that may cite papers that are new or changed, and stores links as accepted or proposed by
the instance's thresholds. Links people made or rejected are never overwritten.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from opensota.catalog.identifiers import repository_parts, repository_slug, repository_url
from opensota.catalog.models import Paper, PaperAuthor, PaperRepository, Repository, StarSnapshot
from opensota.linking.detect import find_paper_links
from opensota.linking.index import PaperIndex
from opensota.linking.linker import LINKER_VERSION, LinkCandidate, judge_repository
from opensota.linking.records import PaperRecord, RepoRecord
from opensota.search.index import refresh_repositories

Progress = Callable[[int], None]
BATCH = 500
LINKER_SOURCE = "linker"
# When more than this share of the catalog is new (a first run, a big import), every
# repository is re-linked rather than searched for traces of the new papers first.
REINDEX_SHARE = 0.2


# --- ingest ------------------------------------------------------------------------------


@dataclass
class IngestReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    star_snapshots: int = 0


def ingest_repositories(records: Iterable[RepoRecord], observed_on: date | None = None,
                        progress: Progress | None = None) -> IngestReport:
    """Store repository records in one transaction (all or nothing)."""
    observed_on = observed_on or timezone.now().date()
    report = IngestReport()
    with transaction.atomic():
        batch: list[RepoRecord] = []
        for record in records:
            batch.append(record)
            if len(batch) >= BATCH:
                _ingest_batch(batch, observed_on, report)
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            _ingest_batch(batch, observed_on, report)
            if progress:
                progress(len(batch))
    return report


def _ingest_batch(records: list[RepoRecord], observed_on: date, report: IngestReport) -> None:
    by_slug: dict[str, RepoRecord] = {}
    for record in records:
        by_slug[repository_slug(repository_url(record.url))[:400]] = record  # the last one wins
    stored = Repository.objects.in_bulk(list(by_slug), field_name="slug")
    touched = []
    for slug, record in by_slug.items():
        fields = _repository_fields(record)
        repository = stored.get(slug)
        if repository is None:
            repository = Repository.objects.create(slug=slug, **fields)
            report.created += 1
            touched.append(repository.id)
        elif repository.content_digest != fields["content_digest"] or repository.stars != fields["stars"]:
            for name, value in fields.items():
                if name != "url":  # a stored repository keeps the URL it is known by
                    setattr(repository, name, value)
            repository.save()
            report.updated += 1
            touched.append(repository.id)
        else:
            report.unchanged += 1
        if record.stars is not None:
            _, created = StarSnapshot.objects.update_or_create(
                repository=repository, observed_on=observed_on, defaults={"stars": record.stars})
            report.star_snapshots += created
    refresh_repositories(touched)


def _repository_fields(record: RepoRecord) -> dict:
    url = repository_url(record.url)
    _, owner, name = repository_parts(url)
    return {
        "url": url[:500],
        "owner": (record.owner or owner)[:200],
        "name": (record.name or name)[:200],
        "description": record.description,
        "stars": record.stars,
        "language": (record.language or "")[:100],
        "topics": list(record.topics),
        "readme": record.readme,
        "readme_path": record.readme_path[:300],
        "default_branch": record.default_branch[:200],
        "created_at": _datetime(record.created_at),
        "pushed_at": _datetime(record.pushed_at),
        "fork": record.fork,
        "dependency_files": dict(record.dependency_files),
        "imports": list(record.imports),
        "top_level": list(record.top_level),
        "extension_counts": dict(record.extension_counts),
        "contributors": list(record.contributors),
        "fetched_at": timezone.now(),
        "content_digest": record.content_digest(),
    }


def _datetime(value: str | None):
    parsed = parse_datetime(value) if value else None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.utc)
    return parsed


def repo_record(row: Repository) -> RepoRecord:
    """The linker's view of a stored repository."""
    return RepoRecord(
        url=row.url, owner=row.owner, name=row.name, description=row.description,
        topics=row.topics or (), readme=row.readme, readme_path=row.readme_path,
        stars=row.stars, language=row.language, default_branch=row.default_branch, fork=row.fork,
        dependency_files=row.dependency_files or {}, imports=row.imports or (),
        top_level=row.top_level or (), extension_counts=row.extension_counts or {},
        contributors=row.contributors or (),
    )


# --- link --------------------------------------------------------------------------------


@dataclass
class LinkReport:
    papers: int = 0
    changed_papers: int = 0
    repositories: int = 0
    linked_repositories: int = 0
    accepted: int = 0
    proposed: int = 0
    removed: int = 0
    skipped_lists: int = 0
    kinds: dict = field(default_factory=dict)


PAPER_FIELDS = ("id", "title", "arxiv_id", "openreview_id", "url_abs", "url_pdf",
                "conference_url_abs", "conference_url_pdf", "link_digest")


def paper_digest(row: dict) -> str:
    """What the linker reads of a paper; when it changes, repositories may link differently."""
    text = "\x1f".join(str(row[name] or "") for name in PAPER_FIELDS if name not in ("id", "link_digest"))
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def build_index(progress: Progress | None = None) -> tuple[PaperIndex, list[int]]:
    """The whole catalog as a PaperIndex, and the ids of papers new or changed since the
    last run. Abstracts are read only where they link to GitHub."""
    mentions = dict(
        Paper.objects.filter(Q(abstract__icontains="github.com") | Q(short_abstract__icontains="github.com"))
        .values_list("id", "abstract")
    )
    index, changed = PaperIndex(), []
    rows = Paper.objects.order_by("id").values(*PAPER_FIELDS)
    for count, row in enumerate(rows.iterator(chunk_size=5000), start=1):
        index.add(PaperRecord(
            key=str(row["id"]), title=row["title"], arxiv_id=row["arxiv_id"] or None,
            openreview_id=row["openreview_id"] or None,
            urls=(row["url_abs"], row["url_pdf"], row["conference_url_abs"], row["conference_url_pdf"]),
            text=mentions.get(row["id"], ""),
        ))
        if row["link_digest"] != paper_digest(row):
            changed.append(row["id"])
        if progress and count % 5000 == 0:
            progress(5000)
    return index, changed


def link_catalog(accept: float, propose: float, full: bool = False,
                 progress: Progress | None = None, index_progress: Progress | None = None,
                 total: Callable[[int], None] | None = None) -> LinkReport:
    """Link every repository that is new or changed (or all of them with `full`), and every
    repository whose README may name a paper that is new or changed."""
    report = LinkReport()
    index, changed_papers = build_index(index_progress)
    report.papers, report.changed_papers = len(index), len(changed_papers)
    ingested = Repository.objects.exclude(content_digest="")
    if full or len(changed_papers) > REINDEX_SHARE * max(len(index), 1):
        due = set(ingested.values_list("id", flat=True))
    else:
        due = set(_changed_repositories(LINKER_VERSION))
        if changed_papers:
            due |= _repositories_citing(changed_papers, index)
    mentioned = index.repositories_mentioned(str(paper_id) for paper_id in changed_papers)
    due |= set(Repository.objects.filter(slug__in=mentioned).values_list("id", flat=True))
    ids = sorted(due)
    report.repositories = Repository.objects.count()
    if total:
        total(len(ids))
    for start in range(0, len(ids), BATCH):
        part = ids[start:start + BATCH]
        with transaction.atomic():
            for repository in Repository.objects.filter(id__in=part).order_by("id"):
                _link_one(repository, index, accept, propose, report)
            if progress:
                progress(len(part))
    with transaction.atomic():
        _remember_papers(changed_papers)
    report.linked_repositories = len(ids)
    return report


def _changed_repositories(version: str) -> Iterator[int]:
    """Repositories with content the linker has not read (in this version) yet."""
    rows = Repository.objects.exclude(content_digest="").values_list("id", "content_digest", "linked_digest")
    for repository_id, content, linked in rows.iterator(chunk_size=5000):
        if linked != _linked_digest(content, version):
            yield repository_id


def _linked_digest(content_digest: str, version: str = LINKER_VERSION) -> str:
    return hashlib.sha256(f"{version}:{content_digest}".encode()).hexdigest()[:40]


def _repositories_citing(paper_ids: list[int], index: PaperIndex) -> set[int]:
    """Repositories in which the new or changed papers leave any trace: found by running
    the rules against an index of those papers alone (cheap), to re-link in full."""
    delta = index.subset(str(paper_id) for paper_id in paper_ids)
    found = set()
    rows = Repository.objects.exclude(content_digest="").order_by("id")
    for repository in rows.iterator(chunk_size=1000):
        if find_paper_links(repo_record(repository), delta):
            found.add(repository.id)
    return found


def _link_one(repository: Repository, index: PaperIndex, accept: float, propose: float,
              report: LinkReport) -> None:
    def byline(key: str) -> tuple[str, ...]:
        return tuple(paper_authors([int(key)]).get(int(key), ()))

    verdict = judge_repository(repo_record(repository), index, floor=propose, authors=byline)
    report.kinds[verdict.kind] = report.kinds.get(verdict.kind, 0) + 1
    if verdict.kind != "code":
        report.skipped_lists += 1
    repository.kind = verdict.kind
    repository.framework = verdict.framework
    repository.framework_reason = verdict.framework_reason[:300]
    repository.linked_digest = _linked_digest(repository.content_digest)
    repository.save(update_fields=["kind", "framework", "framework_reason", "linked_digest"])
    _store_links(repository, verdict.links, accept, report)


def _store_links(repository: Repository, links: Iterable[LinkCandidate], accept: float,
                 report: LinkReport) -> None:
    """Replace the linker's own links of a repository; keep what people decided."""
    existing = {(link.paper_id, link.url): link for link in PaperRepository.objects.filter(repository=repository)}
    kept = set()
    for candidate in links:
        key = (int(candidate.paper_key), repository.url)
        kept.add(key)
        status = PaperRepository.ACCEPTED if candidate.confidence >= accept else PaperRepository.PROPOSED
        fields = {
            "is_official": candidate.is_official,
            "official_reason": candidate.official_reason[:300],
            "mentioned_in_paper": candidate.mentioned_in_paper,
            "mentioned_in_github": candidate.mentioned_in_github,
            "framework": candidate.framework,
            "confidence": candidate.confidence,
            "evidence": candidate.evidence_records(),
        }
        link = existing.get(key)
        if link is None:
            link = PaperRepository.objects.create(paper_id=key[0], repository=repository, url=repository.url,
                                                  source=LINKER_SOURCE, status=status, **fields)
            _queue(link)
        elif link.source == LINKER_SOURCE and link.status != PaperRepository.REJECTED:
            for name, value in fields.items():
                setattr(link, name, value)
            link.status = status
            link.save()
            _queue(link)
        elif not link.evidence:
            # An imported or hand-made link keeps its status and flags; it gains the evidence.
            link.evidence, link.confidence = fields["evidence"], fields["confidence"]
            link.save(update_fields=["evidence", "confidence"])
        else:
            continue
        if status == PaperRepository.ACCEPTED:
            report.accepted += 1
        else:
            report.proposed += 1
    gone = [link.id for key, link in existing.items()
            if key not in kept and link.source == LINKER_SOURCE and link.status != PaperRepository.REJECTED]
    if gone:
        report.removed += PaperRepository.objects.filter(id__in=gone).delete()[0]


def _queue(link: PaperRepository) -> None:
    """A proposed link waits in the moderation queue; an accepted one closes its proposal."""
    from opensota.community.service import propose_code_link, settle_code_link

    if link.status == PaperRepository.PROPOSED:
        propose_code_link(link)
    else:
        settle_code_link(link)


def _remember_papers(paper_ids: list[int]) -> None:
    for start in range(0, len(paper_ids), BATCH):
        rows = Paper.objects.filter(id__in=paper_ids[start:start + BATCH]).values(*PAPER_FIELDS)
        updates = [Paper(id=row["id"], link_digest=paper_digest(row)) for row in rows]
        Paper.objects.bulk_update(updates, ["link_digest"])


def paper_authors(paper_ids: Iterable[int]) -> dict[int, list[str]]:
    """Bylines of a few papers, for judging whether their code is official."""
    names: dict[int, list[str]] = {}
    rows = PaperAuthor.objects.filter(paper_id__in=list(paper_ids)).order_by("paper_id", "position")
    for paper_id, name in rows.values_list("paper_id", "author__name"):
        names.setdefault(paper_id, []).append(name)
    return names
