"""Write the catalog back out as the five Papers-with-Code dump files, streaming.

Records are written one at a time from chunked queries, so memory stays flat
whatever the catalog's size. The shapes are those of the public dumps.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.db.models import Prefetch

from opensota.catalog.models import Paper, PaperAuthor, PaperRepository
from opensota.dumps.files import FILE_STEMS
from opensota.evaluations.models import EvaluationTable, Result
from opensota.taxonomy.models import Dataset, Method, Task

SITE = "https://paperswithcode.com"


def export_dumps(directory: Path, on_record: Callable[[str], None] | None = None) -> dict[str, Path]:
    """Write `<stem>.json.gz` for each dump kind into `directory`; return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    writers = {
        "papers": paper_records,
        "links": link_records,
        "evaluation-tables": evaluation_records,
        "methods": method_records,
        "datasets": dataset_records,
    }
    written = {}
    for kind, records in writers.items():
        path = directory / f"{FILE_STEMS[kind]}.json.gz"
        tick = (lambda: on_record(kind)) if on_record else None
        _write_array(path, records(), tick)
        written[kind] = path
    return written


def _write_array(path: Path, records: Iterable[dict], tick) -> None:
    partial = path.with_name(path.name + ".partial")
    with gzip.open(partial, "wt", encoding="utf-8", compresslevel=6) as out:
        out.write("[")
        for number, record in enumerate(records):
            out.write(",\n" if number else "\n")
            out.write(json.dumps(record, ensure_ascii=False))
            if tick:
                tick()
        out.write("\n]\n")
    partial.replace(path)  # a reader never sees a half-written dump


def _or_none(value):
    return value if value not in ("", None) else None


def paper_records() -> Iterator[dict]:
    papers = Paper.objects.select_related("conference", "proceeding").prefetch_related(
        Prefetch("authorships", queryset=PaperAuthor.objects.select_related("author")),
        "tasks",
        "methods",
    ).order_by("id")
    for paper in papers.iterator(chunk_size=2000):
        yield {
            "paper_url": f"{SITE}/paper/{paper.slug}",
            "arxiv_id": _or_none(paper.arxiv_id),
            "nips_id": _or_none(paper.nips_id),
            "openreview_id": _or_none(paper.openreview_id),
            "title": _or_none(paper.title),
            "abstract": _or_none(paper.abstract),
            "short_abstract": _or_none(paper.short_abstract),
            "url_abs": _or_none(paper.url_abs),
            "url_pdf": _or_none(paper.url_pdf),
            "proceeding": paper.proceeding.slug if paper.proceeding else None,
            "authors": [a.author.name for a in paper.authorships.all()],
            "tasks": [t.name for t in paper.tasks.all()],
            "date": paper.published.isoformat() if paper.published else None,
            "conference_url_abs": _or_none(paper.conference_url_abs),
            "conference_url_pdf": _or_none(paper.conference_url_pdf),
            "conference": paper.conference.name if paper.conference else None,
            "reproduces_paper": _or_none(paper.reproduces_paper),
            "methods": [_method_summary(m) for m in paper.methods.all()],
        }


def _method_summary(method: Method) -> dict:
    return {
        "name": method.name,
        "full_name": method.full_name or method.name,
        "description": method.description,
        "introduced_year": method.introduced_year,
        "source_url": _or_none(method.source_url),
        "source_title": _or_none(method.source_title),
        "code_snippet_url": _or_none(method.code_snippet_url),
    }


def link_records() -> Iterator[dict]:
    links = PaperRepository.objects.accepted().select_related("paper", "repository").order_by("id")
    for link in links.iterator(chunk_size=2000):
        paper = link.paper
        yield {
            "paper_url": f"{SITE}/paper/{paper.slug}",
            "paper_title": _or_none(paper.title),
            "paper_arxiv_id": _or_none(paper.arxiv_id),
            "paper_url_abs": _or_none(paper.url_abs),
            "paper_url_pdf": _or_none(paper.url_pdf),
            "repo_url": link.url,
            "is_official": link.is_official,
            "mentioned_in_paper": link.mentioned_in_paper,
            "mentioned_in_github": link.mentioned_in_github,
            "framework": link.framework,
        }


def method_records() -> Iterator[dict]:
    methods = Method.objects.filter(in_methods_dump=True).prefetch_related("collections__area")
    for method in methods.order_by("id").iterator(chunk_size=2000):
        yield {
            "url": f"{SITE}/method/{method.slug}",
            "name": method.name,
            "full_name": _or_none(method.full_name),
            "description": _or_none(method.description),
            "paper": _paper_ref(method.paper_title, method.paper_url),
            "introduced_year": method.introduced_year,
            "source_url": _or_none(method.source_url),
            "source_title": _or_none(method.source_title),
            "code_snippet_url": _or_none(method.code_snippet_url),
            "num_papers": method.num_papers,
            "collections": [
                {
                    "collection": c.name,
                    "area_id": c.area.slug if c.area else None,
                    "area": c.area.name if c.area else None,
                }
                for c in method.collections.all()
            ],
        }


def _paper_ref(title: str, url: str) -> dict | None:
    return {"title": title or None, "url": url or None} if (title or url) else None


def dataset_records() -> Iterator[dict]:
    datasets = Dataset.objects.filter(in_datasets_dump=True).prefetch_related("tasks")
    for dataset in datasets.order_by("id").iterator(chunk_size=2000):
        yield {
            "url": f"{SITE}/dataset/{dataset.slug}",
            "name": dataset.name,
            "full_name": _or_none(dataset.full_name),
            "homepage": _or_none(dataset.homepage),
            "description": dataset.description,
            "paper": _paper_ref(dataset.paper_title, dataset.paper_url),
            "introduced_date": dataset.introduced_date.isoformat() if dataset.introduced_date else None,
            "modalities": dataset.modalities,
            "tasks": [{"task": t.name, "url": f"{SITE}/task/{t.slug}"} for t in dataset.tasks.all()],
            "languages": dataset.languages,
            "variants": dataset.variants,
            "num_papers": dataset.num_papers,
            "data_loaders": dataset.data_loaders,
        }


def evaluation_records() -> Iterator[dict]:
    """Top-level tasks of the evaluation dump, each with its subtasks nested inside."""
    tasks = list(Task.objects.filter(in_evaluation_dump=True).prefetch_related("areas").order_by("dump_position", "id"))
    children: dict[int | None, list[Task]] = {}
    exported = {task.id for task in tasks}
    for task in tasks:
        parent = task.parent_id if task.parent_id in exported else None
        children.setdefault(parent, []).append(task)
    for task in children.get(None, []):
        yield _task_record(task, children)


def _task_record(task: Task, children: dict) -> dict:
    return {
        "task": task.name,
        "description": task.description,
        "categories": [area.name for area in task.areas.all()],
        "synonyms": task.synonyms,
        "source_link": task.source_link,
        "datasets": _table_records(task),
        "subtasks": [_task_record(child, children) for child in children.get(task.id, [])],
    }


def _table_records(task: Task) -> list[dict]:
    tables = list(
        EvaluationTable.objects.filter(task=task)
        .select_related("dataset")
        .prefetch_related("metrics", Prefetch("results", queryset=Result.objects.order_by("position")))
        .order_by("dump_position", "id")
    )
    nested: dict[int | None, list[EvaluationTable]] = {}
    for table in tables:
        nested.setdefault(table.parent_id, []).append(table)
    return [_table_record(table, nested, "dataset") for table in nested.get(None, [])]


def _table_record(table: EvaluationTable, nested: dict, name_key: str) -> dict:
    return {
        name_key: table.dataset.name,
        "description": table.description,
        "dataset_citations": table.dataset_citations,
        "dataset_links": table.dataset_links,
        "sota": {
            "metrics": [metric.name for metric in table.metrics.all()],
            "rows": [row_record(result) for result in table.results.all()],
        },
        "subdatasets": [_table_record(sub, nested, "subdataset") for sub in nested.get(table.id, [])],
    }


def row_record(result: Result) -> dict:
    """A result as a dump row; its import key (`row_key`) is computed on exactly this."""
    return {
        "model_name": result.model_name,
        "metrics": result.metrics_raw,
        "paper_title": result.paper_title,
        "paper_url": result.paper_url,
        "paper_date": result.paper_date.isoformat() if result.paper_date else None,
        "code_links": result.code_links,
        "model_links": result.model_links,
        "uses_additional_data": result.uses_additional_data,
    }
