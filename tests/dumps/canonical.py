"""What "the same records" means when comparing a dump with its export.

Tasks, datasets and papers are identified by slug (the catalog merges "Question
answering" and "Question Answering", as paperswithcode.com did); a field that is
missing, null or empty means the same in both; rows and links compare exactly.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from opensota.slugs import slug_from_url, slugify


def load(path: Path) -> list[dict]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def find(directory: Path, stem: str) -> Path:
    for suffix in (".json.gz", ".json"):
        if (directory / f"{stem}{suffix}").exists():
            return directory / f"{stem}{suffix}"
    raise FileNotFoundError(f"{stem} in {directory}")


def empty_to_none(value):
    return None if value in ("", [], {}, None) else value


def papers(records: list[dict]) -> dict:
    out = {}
    for r in records:
        fields = {k: empty_to_none(v) for k, v in r.items() if k not in ("paper_url", "tasks", "methods")}
        # "Timothy P Lillicrap" and "Timothy P. Lillicrap" are one author page, as on PWC.
        fields["authors"] = [slugify(a) for a in r.get("authors") or []]
        fields["tasks"] = sorted({slugify(t) for t in r.get("tasks") or []})
        fields["methods"] = sorted({slugify(m["name"] if isinstance(m, dict) else m) for m in r.get("methods") or []})
        out[slug_from_url(r["paper_url"], "paper")] = fields
    return out


def links(records: list[dict]) -> set:
    return {
        (
            slug_from_url(r["paper_url"], "paper"), r["repo_url"], r.get("is_official"),
            r.get("mentioned_in_paper"), r.get("mentioned_in_github"), r.get("framework") or "none",
        )
        for r in records
    }


def methods(records: list[dict]) -> dict:
    out = {}
    for r in records:
        fields = {k: empty_to_none(v) for k, v in r.items() if k not in ("url", "collections")}
        fields["collections"] = sorted(
            (c["collection"], c.get("area_id"), c.get("area")) for c in r.get("collections") or []
        )
        out[slug_from_url(r["url"], "method")] = fields
    return out


def datasets(records: list[dict]) -> dict:
    out = {}
    for r in records:
        fields = {k: empty_to_none(v) for k, v in r.items() if k not in ("url", "tasks")}
        fields["tasks"] = sorted({slugify(t["task"]) for t in r.get("tasks") or []})
        out[slug_from_url(r["url"], "dataset")] = fields
    return out


def evaluation_tables(records: list[dict]) -> dict:
    """Task slugs, and per (task, dataset): the metric names and the set of rows."""
    tasks: set[str] = set()
    tables: dict[tuple[str, str], dict] = {}

    def row(r: dict) -> str:
        full = {k: empty_to_none(r.get(k)) for k in (
            "model_name", "metrics", "paper_title", "paper_url", "paper_date", "code_links",
            "model_links", "uses_additional_data")}
        return json.dumps(full, sort_keys=True)

    def visit_table(task_slug: str, entry: dict) -> None:
        name = entry.get("dataset") or entry.get("subdataset")
        table = tables.setdefault((task_slug, slugify(name)), {"metrics": set(), "rows": set()})
        sota = entry.get("sota") or {}
        table["metrics"].update(sota.get("metrics") or [])
        for r in sota.get("rows") or []:
            table["metrics"].update(r["metrics"])
            table["rows"].add(row(r))
        for sub in entry.get("subdatasets") or []:
            visit_table(task_slug, sub)

    def visit_task(task: dict) -> None:
        slug = slugify(task["task"])
        tasks.add(slug)
        for entry in task.get("datasets") or []:
            visit_table(slug, entry)
        for sub in task.get("subtasks") or []:
            visit_task(sub)

    for record in records:
        visit_task(record)
    return {"tasks": tasks, "tables": tables}


CANONICAL = {
    "papers-with-abstracts": papers,
    "links-between-papers-and-code": links,
    "methods": methods,
    "datasets": datasets,
    "evaluation-tables": evaluation_tables,
}
