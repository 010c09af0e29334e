"""papers-with-abstracts: papers, their ordered authors, tasks, methods and venues."""

from __future__ import annotations

from opensota.catalog.identifiers import normalise_arxiv_id
from opensota.catalog.models import Author, Conference, Paper, PaperAuthor, Proceeding
from opensota.dumps.bulk import sync_relation, upsert
from opensota.dumps.convert import clipped, date_or_none, text
from opensota.slugs import slug_from_url, slugify
from opensota.taxonomy.models import Method, Task


def paper_slug(record: dict) -> str:
    """The paper's slug: from its paperswithcode.com URL, else its title or arXiv id."""
    return (
        slug_from_url(record.get("paper_url"), "paper")
        or slugify(record.get("title") or record.get("paper_title") or "")
        or slugify(record.get("arxiv_id") or record.get("paper_arxiv_id") or "")
        or slugify(record.get("paper_url") or "")
    )


def import_paper_batch(records: list[dict]) -> list[int]:
    """Store a batch of paper records; return the ids of papers whose searchable text changed
    (title, abstract or authors), so the search index is refreshed for those only."""
    by_slug: dict[str, dict] = {}
    for record in records:
        by_slug[paper_slug(record)] = record  # a repeated paper: the last record wins
    conferences = upsert(
        Conference,
        "slug",
        {slugify(r["conference"]): {"name": clipped(r["conference"], 300)}
         for r in by_slug.values() if r.get("conference") and slugify(r["conference"])},
        update=False,
    )
    proceedings = upsert(
        Proceeding,
        "slug",
        {slugify(r["proceeding"]): {"conference_id": conferences.get(slugify(r.get("conference") or ""))}
         for r in by_slug.values() if r.get("proceeding") and slugify(r["proceeding"])},
        update=False,
    )
    written: set[str] = set()
    paper_ids = upsert(
        Paper,
        "slug",
        {slug: _paper_fields(record, conferences, proceedings) for slug, record in by_slug.items()},
        written=written,
    )
    bylines_changed = _sync_authors(by_slug, paper_ids)
    _sync_named(by_slug, paper_ids, "tasks", Task, Paper.tasks.through, "task_id")
    _sync_named(by_slug, paper_ids, "methods", Method, Paper.methods.through, "method_id")
    return sorted({paper_ids[slug] for slug in written} | bylines_changed)


def _paper_fields(record: dict, conferences: dict, proceedings: dict) -> dict:
    return {
        "arxiv_id": normalise_arxiv_id(record.get("arxiv_id")) or clipped(record.get("arxiv_id"), 40),
        "nips_id": clipped(record.get("nips_id"), 100),
        "openreview_id": clipped(record.get("openreview_id"), 100),
        "title": text(record.get("title")),
        "abstract": text(record.get("abstract")),
        "short_abstract": text(record.get("short_abstract")),
        "url_abs": clipped(record.get("url_abs"), 1000),
        "url_pdf": clipped(record.get("url_pdf"), 1000),
        "conference_url_abs": clipped(record.get("conference_url_abs"), 1000),
        "conference_url_pdf": clipped(record.get("conference_url_pdf"), 1000),
        "published": date_or_none(record.get("date")),
        "conference_id": conferences.get(slugify(record.get("conference") or "")),
        "proceeding_id": proceedings.get(slugify(record.get("proceeding") or "")),
        "reproduces_paper": clipped(record.get("reproduces_paper"), 1000),
    }


def _sync_authors(by_slug: dict[str, dict], paper_ids: dict[str, int]) -> set[int]:
    """Store each paper's byline in order; return the papers whose byline changed."""
    bylines = {
        paper_ids[slug]: _slugged(" ".join(text(name).split()) for name in record.get("authors") or [])
        for slug, record in by_slug.items()
    }
    author_ids = _ensure_named(Author, bylines)
    desired = {
        paper: {(author_ids[slug], position) for position, (slug, _) in enumerate(byline)}
        for paper, byline in bylines.items()
    }
    return sync_relation(PaperAuthor, "paper_id", desired, ("author_id", "position"))


def _sync_named(by_slug, paper_ids, field, model, through, target_field) -> None:
    """Tasks and methods are named in a paper record; create the ones not yet known."""
    named = {
        paper_ids[slug]: _slugged(
            name for item in record.get(field) or []
            if isinstance(name := item.get("name") if isinstance(item, dict) else item, str)
        )
        for slug, record in by_slug.items()
    }
    ids = _ensure_named(model, named)
    desired = {paper: {(ids[slug],) for slug, _ in entries} for paper, entries in named.items()}
    sync_relation(through, "paper_id", desired, (target_field,))


def _slugged(names) -> list[tuple[str, str]]:
    """(slug, name) of each name that has a slug, in the record's order."""
    return [(slug, name) for name in names if (slug := slugify(name))]


def _ensure_named(model, entries_by_paper: dict[int, list[tuple[str, str]]]) -> dict[str, int]:
    """Ids by slug of the named records, creating those not yet known (first spelling wins)."""
    names: dict[str, str] = {}
    for entries in entries_by_paper.values():
        for slug, name in entries:
            names.setdefault(slug, name[:300])
    return upsert(model, "slug", {slug: {"name": name} for slug, name in names.items()}, update=False)
