"""methods and datasets dumps: the vocabulary that papers and leaderboards refer to."""

from __future__ import annotations

from opensota.dumps.bulk import sync_relation, upsert
from opensota.dumps.convert import clipped, date_or_none, text
from opensota.slugs import slug_from_url, slugify
from opensota.taxonomy.models import Area, Collection, Dataset, Method, Task


def record_slug(record: dict, prefix: str) -> str:
    return slug_from_url(record.get("url"), prefix) or slugify(record["name"])


def import_method_batch(records: list[dict]) -> None:
    by_slug = {record_slug(r, "method"): r for r in records}
    method_ids = upsert(Method, "slug", {
        slug: {
            "name": clipped(r["name"], 300),
            "full_name": clipped(r.get("full_name"), 500),
            "description": text(r.get("description")),
            "paper_title": clipped((r.get("paper") or {}).get("title"), 1000),
            "paper_url": clipped((r.get("paper") or {}).get("url"), 1000),
            "introduced_year": r.get("introduced_year"),
            "source_url": clipped(r.get("source_url"), 1000),
            "source_title": clipped(r.get("source_title"), 1000),
            "code_snippet_url": clipped(r.get("code_snippet_url"), 1000),
            "num_papers": r.get("num_papers"),
            "in_methods_dump": True,
        }
        for slug, r in by_slug.items()
    })
    collections = {
        slug: [c for c in r.get("collections") or [] if isinstance(c, dict) and c.get("collection")]
        for slug, r in by_slug.items()
    }
    area_ids = upsert(Area, "slug", {
        slugify(c.get("area_id") or c.get("area") or ""): {"name": clipped(c.get("area") or c.get("area_id"), 200)}
        for items in collections.values() for c in items if slugify(c.get("area_id") or c.get("area") or "")
    }, update=False)
    desired = {}
    for slug, items in collections.items():
        wanted = set()
        for item in items:
            area_id = area_ids.get(slugify(item.get("area_id") or item.get("area") or ""))
            wanted.add((_collection_id(item["collection"], area_id),))
        desired[method_ids[slug]] = wanted
    sync_relation(Method.collections.through, "method_id", desired, ("collection_id",))


def _collection_id(name: str, area_id: int | None) -> int:
    collection, _ = Collection.objects.get_or_create(
        slug=slugify(name) or "collection", area_id=area_id, defaults={"name": name[:300]}
    )
    return collection.id


def import_dataset_batch(records: list[dict]) -> None:
    by_slug = {record_slug(r, "dataset"): r for r in records}
    dataset_ids = upsert(Dataset, "slug", {
        slug: {
            "name": clipped(r["name"], 300),
            "full_name": clipped(r.get("full_name"), 500),
            "homepage": clipped(r.get("homepage"), 1000),
            "description": text(r.get("description")),
            "paper_title": clipped((r.get("paper") or {}).get("title"), 1000),
            "paper_url": clipped((r.get("paper") or {}).get("url"), 1000),
            "introduced_date": date_or_none(r.get("introduced_date")),
            "modalities": r.get("modalities") or [],
            "languages": r.get("languages") or [],
            "data_loaders": r.get("data_loaders") or [],
            "variants": r.get("variants") or [],
            "num_papers": r.get("num_papers"),
            "in_datasets_dump": True,
        }
        for slug, r in by_slug.items()
    })
    tasks = {dataset_ids[slug]: _dataset_tasks(r) for slug, r in by_slug.items()}
    task_names: dict[str, str] = {}
    for entries in tasks.values():
        for task_slug, name in entries:
            task_names.setdefault(task_slug, name[:300])
    task_ids = upsert(Task, "slug", {s: {"name": n} for s, n in task_names.items()}, update=False)
    desired = {dataset: {(task_ids[task_slug],) for task_slug, _ in entries} for dataset, entries in tasks.items()}
    sync_relation(Dataset.tasks.through, "dataset_id", desired, ("task_id",))


def _dataset_tasks(record: dict) -> list[tuple[str, str]]:
    """(slug, name) of the tasks a dataset record names, the slug from the task's URL if any."""
    entries = []
    for item in record.get("tasks") or []:
        if isinstance(item, dict) and item.get("task"):
            slug = slug_from_url(item.get("url"), "task") or slugify(item["task"])
            if slug:
                entries.append((slug, item["task"]))
    return entries
