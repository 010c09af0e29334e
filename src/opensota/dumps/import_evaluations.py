"""evaluation-tables: the task tree, and for each task x dataset its metrics and rows.

The format is sota-extractor's: task -> datasets -> sota {metrics, rows}, with
subtasks and subdatasets nested. Tasks and datasets are merged by slug, so the same
task named in two files ("Question answering", "Question Answering") is one task.
"""

from __future__ import annotations

import hashlib
import json

from opensota.catalog.identifiers import arxiv_id_from_url
from opensota.catalog.models import Paper
from opensota.dumps.convert import clipped, date_or_none, text
from opensota.evaluations.direction import resolve_higher_is_better
from opensota.evaluations.models import EvaluationTable, Metric, Result, ResultValue
from opensota.evaluations.values import parse_value
from opensota.slugs import slug_from_url, slugify
from opensota.taxonomy.models import Area, Dataset, Task


# Old evaluation-table files (RedditSota) abbreviate area names; one area, one page.
AREA_ALIASES = {"nlp": "Natural Language Processing", "cv": "Computer Vision"}


class EvaluationImporter:
    """Imports task records one at a time, remembering positions across the whole file."""

    def __init__(self) -> None:
        self.task_position = Task.objects.filter(dump_position__isnull=False).count()
        self.table_position = EvaluationTable.objects.count()
        self.rows_added = 0

    def import_task(self, record: dict, parent: Task | None = None) -> None:
        task = self._task(record, parent)
        for entry in record.get("datasets") or []:
            self._table(task, entry, parent_table=None)
        for subtask in record.get("subtasks") or []:
            self.import_task(subtask, parent=task)

    def _task(self, record: dict, parent: Task | None) -> Task:
        name = record["task"].strip() or "Untitled task"
        slug = slugify(name) or f"task-{hashlib.sha1(name.encode()).hexdigest()[:8]}"
        task, created = Task.objects.get_or_create(slug=slug, defaults={"name": name[:300]})
        changed = []
        if not task.in_evaluation_dump:
            task.in_evaluation_dump = True
            task.dump_position = self.task_position
            self.task_position += 1
            changed += ["in_evaluation_dump", "dump_position"]
        for field, value in (
            ("description", text(record.get("description"))),
            ("synonyms", record.get("synonyms") or []),
            ("source_link", record.get("source_link") or None),
        ):
            if value and not getattr(task, field):  # the first non-empty value wins
                setattr(task, field, value)
                changed.append(field)
        if parent is not None and task.parent_id is None and not _is_ancestor(task, parent):
            task.parent = parent
            changed.append("parent")
        if changed:
            task.save(update_fields=changed)
        for category in record.get("categories") or []:
            if isinstance(category, str) and slugify(category):
                name = AREA_ALIASES.get(slugify(category), category.strip())
                area, _ = Area.objects.get_or_create(slug=slugify(name), defaults={"name": name[:200]})
                task.areas.add(area)
        return task

    def _table(self, task: Task, entry: dict, parent_table: EvaluationTable | None) -> None:
        name = (entry.get("dataset") or entry.get("subdataset")).strip()
        slug = slugify(name) or f"dataset-{hashlib.sha1(name.encode()).hexdigest()[:8]}"
        dataset, _ = Dataset.objects.get_or_create(slug=slug, defaults={"name": name[:300]})
        if parent_table is not None and dataset.variant_of_id is None and dataset.id != parent_table.dataset_id:
            dataset.variant_of_id = parent_table.dataset_id
            dataset.save(update_fields=["variant_of"])
        dataset.tasks.add(task)
        table, created = EvaluationTable.objects.get_or_create(
            task=task,
            dataset=dataset,
            defaults={
                "slug": f"{task.slug}-on-{dataset.slug}"[:500],
                "parent": parent_table,
                "description": text(entry.get("description")),
                "dataset_citations": entry.get("dataset_citations") or [],
                "dataset_links": entry.get("dataset_links") or [],
                "dump_position": self.table_position,
            },
        )
        if created:
            self.table_position += 1
        sota = entry.get("sota") or {}
        metrics = self._metrics(table, sota)
        self._rows(table, metrics, sota.get("rows") or [])
        for subdataset in entry.get("subdatasets") or []:
            self._table(task, subdataset, parent_table=table)

    def _metrics(self, table: EvaluationTable, sota: dict) -> dict[str, Metric]:
        names = [str(m) for m in sota.get("metrics") or []]
        for row in sota.get("rows") or []:
            names += [str(m) for m in row["metrics"] if str(m) not in names]
        stored = {m.name: m for m in table.metrics.all()}
        for name in names:
            if name not in stored:
                stored[name] = Metric.objects.create(
                    table=table, name=name[:300], position=len(stored),
                    higher_is_better=resolve_higher_is_better(name),
                )
        return stored

    def _rows(self, table: EvaluationTable, metrics: dict[str, Metric], rows: list[dict]) -> None:
        known = set(table.results.values_list("row_key", flat=True))
        position = len(known)
        new_rows = []
        for row in rows:
            key = row_key(row)
            if key in known:
                continue
            known.add(key)
            new_rows.append((key, position, row))
            position += 1
        if not new_rows:
            return
        papers = PaperMatcher([row.get("paper_url") for _, _, row in new_rows])
        results = Result.objects.bulk_create([
            Result(
                table=table, row_key=key, position=pos,
                model_name=clipped(row.get("model_name"), 500),
                paper_id=papers.match(row.get("paper_url")),
                paper_url=clipped(row.get("paper_url"), 1000),
                paper_title=text(row.get("paper_title")),
                paper_date=date_or_none(row.get("paper_date")),
                uses_additional_data=row.get("uses_additional_data"),
                code_links=row.get("code_links") or [],
                model_links=row.get("model_links") or [],
                metrics_raw=row["metrics"],
            )
            for key, pos, row in new_rows
        ])
        values = []
        for result, (_, _, row) in zip(results, new_rows):
            for name, raw in row["metrics"].items():
                parsed = parse_value(raw)
                values.append(ResultValue(
                    result=result, metric=metrics[str(name)], text=parsed.text[:200],
                    number=parsed.number, unit=parsed.unit,
                ))
        ResultValue.objects.bulk_create(values, batch_size=500)
        self.rows_added += len(results)


ROW_FIELDS = (
    "model_name", "metrics", "paper_title", "paper_url", "paper_date", "code_links",
    "model_links", "uses_additional_data",
)


def row_key(row: dict) -> str:
    """A stable digest of a row, so the same row imported twice is stored once.

    A field that is missing, null or empty counts the same, so a row exported by
    OpenSOTA (which writes every field) is recognised as the row it came from.
    """
    fields = {name: row.get(name) or None for name in ROW_FIELDS}
    fields["uses_additional_data"] = row.get("uses_additional_data")
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _is_ancestor(task: Task, node: Task | None) -> bool:
    """True if `task` is `node` or one of its ancestors (so making it the parent loops)."""
    seen = set()
    while node is not None and node.id not in seen:
        if node.id == task.id:
            return True
        seen.add(node.id)
        node = node.parent
    return False


class PaperMatcher:
    """Finds the catalog paper a leaderboard row cites, by arXiv id, URL or slug."""

    def __init__(self, urls: list[str | None]) -> None:
        urls = [u for u in urls if u]
        arxiv_ids = {arxiv_id_from_url(u) for u in urls} - {None}
        slugs = {slug_from_url(u, "paper") for u in urls} - {None}
        self.by_arxiv = dict(Paper.objects.filter(arxiv_id__in=arxiv_ids).values_list("arxiv_id", "id"))
        self.by_url = dict(Paper.objects.filter(url_abs__in=urls).values_list("url_abs", "id"))
        self.by_slug = dict(Paper.objects.filter(slug__in=slugs).values_list("slug", "id"))

    def match(self, url: str | None) -> int | None:
        if not url:
            return None
        arxiv_id = arxiv_id_from_url(url)
        return (
            (self.by_arxiv.get(arxiv_id) if arxiv_id else None)
            or self.by_url.get(url)
            or self.by_slug.get(slug_from_url(url, "paper"))
        )
