"""links-between-papers-and-code: repositories and which papers they implement."""

from __future__ import annotations

from opensota.catalog.identifiers import (
    normalise_arxiv_id,
    repository_parts,
    repository_slug,
    repository_url,
)
from opensota.catalog.models import Paper, PaperRepository, Repository
from opensota.dumps.bulk import ids_by, upsert
from opensota.dumps.convert import clipped, text
from opensota.dumps.import_papers import paper_slug

FRAMEWORKS = {choice for choice, _ in Repository.FRAMEWORKS}
# A link in a dump is public: a linker proposal for the same code URL becomes accepted.
LINK_FIELDS = ("repository_id", "is_official", "mentioned_in_paper", "mentioned_in_github", "framework", "status")


def normalise_framework(value: object) -> str:
    value = text(value).strip().lower()
    aliases = {"tensorflow": "tf", "torch": "pytorch", "paddlepaddle": "paddle", "": "none"}
    value = aliases.get(value, value)
    return value if value in FRAMEWORKS else "other"


def import_link_batch(records: list[dict]) -> tuple[list[int], list[int]]:
    """Store a batch of code links; return the ids of the papers and repositories that are
    new or changed (the ones the search index must learn about)."""
    repositories: dict[str, dict] = {}
    repository_slugs = []  # each record's repository, in record order
    for record in records:
        url = repository_url(record["repo_url"])
        _, owner, name = repository_parts(url)
        repository_slugs.append(repository_slug(url)[:400])
        current = repositories.setdefault(repository_slugs[-1], {
            "url": url[:500], "owner": owner[:200], "name": name[:200],
        })
        framework = normalise_framework(record.get("framework"))
        if framework != "none":
            current.setdefault("framework", framework)  # the first framework named wins
    stored = dict(
        Repository.objects.filter(slug__in=list(repositories)).values_list("slug", "framework")
    )
    for slug in stored:
        # A stored repository keeps its URL and spelling; its framework is only filled
        # in from a link when nothing better is known.
        framework = repositories[slug].get("framework")
        repositories[slug] = {"framework": framework} if framework and stored[slug] == "none" else {}
    written: set[str] = set()
    repository_ids = upsert(Repository, "slug", repositories, written=written)

    paper_ids, created_papers = _papers_for(records)
    links = {}
    for record, repository in zip(records, repository_slugs):
        links[(paper_ids[paper_slug(record)], record["repo_url"].strip()[:1000])] = {
            "repository_id": repository_ids[repository],
            "is_official": record.get("is_official"),
            "mentioned_in_paper": record.get("mentioned_in_paper"),
            "mentioned_in_github": record.get("mentioned_in_github"),
            "framework": normalise_framework(record.get("framework")),
            "status": PaperRepository.ACCEPTED,
        }
    _upsert_links(links)
    return sorted(created_papers), sorted(repository_ids[slug] for slug in written)


def _papers_for(records: list[dict]) -> tuple[dict[str, int], set[int]]:
    """Paper ids by slug, and the ids of papers created here: a link to a paper the
    catalog lacks creates it from what the link says of it."""
    slugs = {paper_slug(record): record for record in records}
    ids = ids_by(Paper, "slug", slugs)
    missing = {
        slug: {
            "title": text(record.get("paper_title")),
            "arxiv_id": normalise_arxiv_id(record.get("paper_arxiv_id")) or "",
            "url_abs": clipped(record.get("paper_url_abs"), 1000),
            "url_pdf": clipped(record.get("paper_url_pdf"), 1000),
        }
        for slug, record in slugs.items()
        if slug not in ids
    }
    created = upsert(Paper, "slug", missing, update=False)
    ids.update(created)
    return ids, set(created.values())


def _upsert_links(links: dict[tuple[int, str], dict]) -> None:
    stored = {}
    papers = sorted({paper for paper, _ in links})
    for row in PaperRepository.objects.filter(paper_id__in=papers).values("id", "paper_id", "url", *LINK_FIELDS):
        stored[(row["paper_id"], row["url"])] = row
    new, changed = [], []
    for (paper, url), fields in links.items():
        current = stored.get((paper, url))
        if current is None:
            new.append(PaperRepository(paper_id=paper, url=url, **fields))
        elif any(current[name] != value for name, value in fields.items()):
            changed.append(PaperRepository(id=current["id"], **fields))
    PaperRepository.objects.bulk_create(new, batch_size=500)
    if changed:
        PaperRepository.objects.bulk_update(changed, list(LINK_FIELDS), batch_size=500)
