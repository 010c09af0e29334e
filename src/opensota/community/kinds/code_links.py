"""Kinds that change a paper's code links: add one, remove one, mark one official."""

from __future__ import annotations

from opensota.catalog.identifiers import repository_parts, repository_slug, repository_url
from opensota.catalog.models import Paper, PaperRepository, Repository
from opensota.community.kinds.base import Kind, optional_bool, paper_by_slug, text_field
from opensota.editing import Conflict, Invalid, checked_url


def _link(paper: Paper, url: str) -> PaperRepository:
    link = PaperRepository.objects.filter(paper=paper, url=url).first()
    if link is None:
        raise Invalid(f"The paper has no code link {url!r}.")
    return link


def _check_code_link(payload: dict) -> tuple[dict, str]:
    paper = paper_by_slug(text_field(payload, "paper"))
    url = repository_url(checked_url(text_field(payload, "url", limit=1000), "url"))
    host, owner, name = repository_parts(url)
    if not (owner and name):
        raise Invalid("url must be a repository (https://host/owner/name).")
    framework = text_field(payload, "framework", required=False) or "none"
    if framework not in {choice for choice, _ in Repository.FRAMEWORKS}:
        raise Invalid(f"Unknown framework {framework!r}.")
    clean = {"paper": paper.slug, "url": url, "is_official": optional_bool(payload, "is_official"),
             "framework": framework}
    return clean, f"paper {paper.slug}"


def _diff_code_link(payload: dict):
    return [("code link", None, payload["url"]), ("official", None, payload.get("is_official"))]


def _apply_code_link(payload: dict) -> tuple[dict, dict]:
    paper = paper_by_slug(payload["paper"])
    existing = PaperRepository.objects.filter(paper=paper, url=payload["url"]).first()
    if existing is not None and existing.status == PaperRepository.ACCEPTED:
        raise Conflict("The paper has this code link already.")
    _, owner, name = repository_parts(payload["url"])
    repository, _ = Repository.objects.get_or_create(
        slug=repository_slug(payload["url"])[:400],
        defaults={"url": payload["url"], "owner": owner[:200], "name": name[:200]})
    before = _link_state(existing)
    if existing is None:
        existing = PaperRepository(paper=paper, repository=repository, url=payload["url"], source="community")
    existing.status = PaperRepository.ACCEPTED
    existing.is_official = payload.get("is_official")
    existing.framework = payload.get("framework", "none")
    existing.save()
    return before, _link_state(existing)


def _link_state(link: PaperRepository | None) -> dict:
    if link is None:
        return {}
    return {"id": link.id, "paper": link.paper.slug, "url": link.url, "status": link.status,
            "is_official": link.is_official, "framework": link.framework, "source": link.source}


def _restore_link(before: dict, after: dict) -> None:
    link = PaperRepository.objects.filter(id=after.get("id") or before.get("id")).first()
    if link is None:
        return
    if not before:
        link.delete()
        return
    for field in ("status", "is_official", "framework"):
        setattr(link, field, before[field])
    link.save()


def _check_link_ref(payload: dict) -> tuple[dict, str]:
    paper = paper_by_slug(text_field(payload, "paper"))
    link = _link(paper, text_field(payload, "url", limit=1000))
    clean = {"paper": paper.slug, "url": link.url}
    if "is_official" in payload:
        clean["is_official"] = optional_bool(payload, "is_official")
    return clean, f"paper {paper.slug}"


def _apply_remove_link(payload: dict) -> tuple[dict, dict]:
    link = _link(paper_by_slug(payload["paper"]), payload["url"])
    if link.status != PaperRepository.ACCEPTED:
        raise Conflict("This code link is not shown on the paper: there is nothing to remove.")
    before = _link_state(link)
    link.status = PaperRepository.REJECTED  # kept, so the linker does not propose it again
    link.save()
    return before, _link_state(link)


def _apply_mark_official(payload: dict) -> tuple[dict, dict]:
    link = _link(paper_by_slug(payload["paper"]), payload["url"])
    before = _link_state(link)
    link.is_official = payload.get("is_official", True)
    link.save()
    return before, _link_state(link)


def _diff_link_field(field: str):
    def diff(payload: dict):
        link = PaperRepository.objects.filter(paper__slug=payload["paper"], url=payload["url"]).first()
        if field == "status":
            return [("code link", payload["url"], None)]
        return [(field, getattr(link, field, None), payload.get(field, True))]
    return diff


CODE_LINK_KINDS = (
    Kind("add_code_link", "Add a code link", _check_code_link, _diff_code_link, _apply_code_link, _restore_link),
    Kind("remove_code_link", "Remove a code link", _check_link_ref, _diff_link_field("status"),
         _apply_remove_link, _restore_link),
    Kind("mark_official", "Mark code official", _check_link_ref, _diff_link_field("is_official"),
         _apply_mark_official, _restore_link),
)
