"""What each kind of proposal means: how it is checked, shown as a diff, applied, reverted.

A kind turns a payload (plain JSON from a form, the API or the automation) into a change
of the catalog through the domain's own editing functions, and records what it changed
as `before`/`after` snapshots so the edit history can show it and put it back. Bad
payloads raise `opensota.editing.Invalid` (or `Conflict`) with a message for the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from django.db.models import Q

from opensota.catalog.identifiers import repository_parts, repository_slug, repository_url
from opensota.catalog.models import Paper, PaperRepository, Repository
from opensota.editing import Conflict, Invalid, checked_url, plain_text
from opensota.evaluations import editing as boards
from opensota.evaluations.models import EvaluationTable, Metric, Result
from opensota.slugs import slugify
from opensota.taxonomy import editing as taxonomy
from opensota.taxonomy.models import Dataset, Method, Task

MAX_TEXT = 2000


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    check: Callable[[dict], tuple[dict, str]]        # payload -> (clean payload, target label)
    diff: Callable[[dict], list[tuple[str, Any, Any]]]  # (field, now, proposed)
    apply: Callable[[dict], tuple[dict, dict]]       # -> (before, after)
    revert: Callable[[dict, dict], None]
    # Proposed only by the automation (its payload carries the automation's own evidence).
    automated: bool = False


# --- small helpers -------------------------------------------------------------------------


def _text(payload: dict, field: str, required: bool = True, limit: int = 300) -> str:
    value = payload.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise Invalid(f"{field} is required.")
        return ""
    if not isinstance(value, str):
        raise Invalid(f"{field} must be text.")
    cleaned = plain_text(value)
    if len(cleaned) > limit:
        raise Invalid(f"{field} is longer than {limit} characters.")
    return cleaned.strip()


def _paper(slug: str) -> Paper:
    paper = Paper.objects.filter(slug=slug).first()
    if paper is None:
        raise Invalid(f"No paper {slug!r}.")
    return paper


def _table(slug: str) -> EvaluationTable:
    table = EvaluationTable.objects.filter(slug=slug).first()
    if table is None:
        raise Invalid(f"No leaderboard {slug!r}.")
    return table


def _link(paper: Paper, url: str) -> PaperRepository:
    link = PaperRepository.objects.filter(paper=paper, url=url).first()
    if link is None:
        raise Invalid(f"The paper has no code link {url!r}.")
    return link


def _optional_bool(payload: dict, field: str) -> bool | None:
    value = payload.get(field)
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "1", "yes", "on"):
        return True
    if str(value).lower() in ("false", "0", "no", "off"):
        return False
    raise Invalid(f"{field} must be true or false.")


# --- code links ------------------------------------------------------------------------------


def _check_code_link(payload: dict) -> tuple[dict, str]:
    paper = _paper(_text(payload, "paper"))
    url = repository_url(checked_url(_text(payload, "url", limit=1000), "url"))
    host, owner, name = repository_parts(url)
    if not (owner and name):
        raise Invalid("url must be a repository (https://host/owner/name).")
    framework = _text(payload, "framework", required=False) or "none"
    if framework not in {choice for choice, _ in Repository.FRAMEWORKS}:
        raise Invalid(f"Unknown framework {framework!r}.")
    clean = {"paper": paper.slug, "url": url, "is_official": _optional_bool(payload, "is_official"),
             "framework": framework}
    return clean, f"paper {paper.slug}"


def _diff_code_link(payload: dict):
    return [("code link", None, payload["url"]), ("official", None, payload.get("is_official"))]


def _apply_code_link(payload: dict) -> tuple[dict, dict]:
    paper = _paper(payload["paper"])
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
    paper = _paper(_text(payload, "paper"))
    link = _link(paper, _text(payload, "url", limit=1000))
    clean = {"paper": paper.slug, "url": link.url}
    if "is_official" in payload:
        clean["is_official"] = _optional_bool(payload, "is_official")
    return clean, f"paper {paper.slug}"


def _apply_remove_link(payload: dict) -> tuple[dict, dict]:
    link = _link(_paper(payload["paper"]), payload["url"])
    if link.status != PaperRepository.ACCEPTED:
        raise Conflict("This code link is not shown on the paper: there is nothing to remove.")
    before = _link_state(link)
    link.status = PaperRepository.REJECTED  # kept, so the linker does not propose it again
    link.save()
    return before, _link_state(link)


def _apply_mark_official(payload: dict) -> tuple[dict, dict]:
    link = _link(_paper(payload["paper"]), payload["url"])
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


# --- results ---------------------------------------------------------------------------------


def _metrics(payload: dict) -> dict[str, str]:
    metrics = payload.get("metrics")
    if not isinstance(metrics, dict) or not metrics:
        raise Invalid("metrics must name at least one metric and its value.")
    clean = {}
    for name, value in metrics.items():
        if value is None or isinstance(value, (dict, list, bool)):
            raise Invalid(f"The value of {str(name)[:50]!r} must be a number or text as printed in the source.")
        clean[_text({"metric": name}, "metric", limit=200)] = _text({"value": str(value)}, "value", limit=100)
    return clean


def _known_metrics(table: EvaluationTable, metrics: dict[str, str]) -> dict[str, str]:
    """A result names only the leaderboard's metrics; a new column is its own proposal."""
    known = set(Metric.objects.filter(table=table).values_list("name", flat=True))
    unknown = [name for name in metrics if name not in known]
    if unknown:
        raise Invalid(f"The leaderboard has no metric {unknown[0]!r}: propose the metric first.")
    return metrics


def _check_add_result(payload: dict) -> tuple[dict, str]:
    table = _table(_text(payload, "table"))
    clean = {
        "table": table.slug, "model_name": _text(payload, "model_name"),
        "metrics": _known_metrics(table, _metrics(payload)),
        "paper": _text(payload, "paper", required=False, limit=1000) or None,
        "uses_additional_data": _optional_bool(payload, "uses_additional_data"),
        "source_url": checked_url(_text(payload, "source_url", required=False, limit=1000), "source_url"),
        "source_table": _text(payload, "source_table", required=False, limit=300),
    }
    if clean["paper"]:
        boards.paper_reference(clean["paper"])  # refuses unknown papers and unsafe URLs now
    return clean, f"leaderboard {table.slug}"


def _diff_add_result(payload: dict):
    return [(f"{payload['model_name']}: {name}", None, value) for name, value in payload["metrics"].items()]


def _apply_add_result(payload: dict) -> tuple[dict, dict]:
    row = boards.add_result(_table(payload["table"]), payload["metrics"], payload["model_name"],
                            payload.get("uses_additional_data"), payload.get("paper"))
    return {}, {"result": row.id, "table": payload["table"], "model_name": row.model_name,
                "metrics": row.metrics_raw}


def _revert_add_result(before: dict, after: dict) -> None:
    Result.objects.filter(id=after["result"]).delete()


def _check_correct_result(payload: dict) -> tuple[dict, str]:
    result_id = payload.get("result")
    if isinstance(result_id, str) and result_id.isdigit():
        result_id = int(result_id)
    if not isinstance(result_id, int) or isinstance(result_id, bool):
        raise Invalid("result must be a result's id (a whole number).")
    result = Result.objects.filter(id=result_id).select_related("table").first()
    if result is None:
        raise Invalid(f"No result {payload.get('result')!r}.")
    clean = {"result": result.id, "metrics": _known_metrics(result.table, _metrics(payload)),
             "source_url": checked_url(_text(payload, "source_url", required=False, limit=1000), "source_url")}
    model_name = _text(payload, "model_name", required=False)
    if model_name:
        clean["model_name"] = model_name
    return clean, f"leaderboard {result.table.slug}, {result.model_name}"


def _diff_correct_result(payload: dict):
    result = Result.objects.get(id=payload["result"])
    changes = [(name, result.metrics_raw.get(name), value) for name, value in payload["metrics"].items()]
    if "model_name" in payload:
        changes.append(("model", result.model_name, payload["model_name"]))
    return changes


def _apply_correct_result(payload: dict) -> tuple[dict, dict]:
    result = Result.objects.get(id=payload["result"])
    before = {"result": result.id, "metrics": dict(result.metrics_raw), "model_name": result.model_name}
    boards.update_result(result, metrics=payload["metrics"], methodology=payload.get("model_name"))
    return before, {"result": result.id, "metrics": dict(result.metrics_raw), "model_name": result.model_name}


def _revert_correct_result(before: dict, after: dict) -> None:
    result = Result.objects.filter(id=before["result"]).first()
    if result is not None:
        result.metrics_raw = {}
        boards.update_result(result, metrics=before["metrics"], methodology=before["model_name"])


# --- taxonomy ----------------------------------------------------------------------------------


def _check_named(what: str, model) -> Callable[[dict], tuple[dict, str]]:
    def check(payload: dict) -> tuple[dict, str]:
        name = _text(payload, "name")
        slug = taxonomy.slug_for(name, what)
        if model.objects.filter(slug=slug).exists():
            raise Conflict(f"A {what} {slug!r} exists already.")
        clean = {"name": name, "description": _text(payload, "description", required=False, limit=MAX_TEXT)}
        if what == "task":
            clean["area"] = _text(payload, "area", required=False) or None
            clean["parent"] = _text(payload, "parent", required=False) or None
            if clean["area"]:
                clean["area"] = taxonomy.area_by_id_or_name(clean["area"]).slug
            if clean["parent"]:
                clean["parent"] = taxonomy.task_by_id(clean["parent"]).slug
        if what == "dataset":
            clean["full_name"] = _text(payload, "full_name", required=False)
            clean["url"] = checked_url(_text(payload, "url", required=False, limit=1000), "url")
        if what == "method":
            clean["full_name"] = _text(payload, "full_name", required=False)
        return clean, f"{what} {slug}"
    return check


def _diff_named(payload: dict):
    return [(field, None, value) for field, value in payload.items() if value]


def _apply_add_task(payload: dict) -> tuple[dict, dict]:
    task = taxonomy.create_task(payload["name"], payload.get("description", ""), payload.get("area"),
                                payload.get("parent"))
    return {}, {"task": task.slug}


def _apply_add_dataset(payload: dict) -> tuple[dict, dict]:
    dataset = taxonomy.create_dataset(payload["name"], payload.get("full_name") or None, payload.get("url") or None)
    if payload.get("description"):
        dataset.description = payload["description"]
        dataset.save(update_fields=["description"])
    return {}, {"dataset": dataset.slug}


def _apply_add_method(payload: dict) -> tuple[dict, dict]:
    slug = slugify(payload["name"])
    if Method.objects.filter(slug=slug).exists():
        raise Conflict(f"A method {slug!r} exists already.")
    method = Method.objects.create(slug=slug, name=payload["name"],
                                   full_name=payload.get("full_name", ""), description=payload.get("description", ""))
    return {}, {"method": method.slug}


def _delete_created(model, field: str) -> Callable[[dict, dict], None]:
    def revert(before: dict, after: dict) -> None:
        model.objects.filter(slug=after[field]).delete()
    return revert


def _check_add_metric(payload: dict) -> tuple[dict, str]:
    table = _table(_text(payload, "table"))
    name = _text(payload, "name", limit=200)
    if Metric.objects.filter(table=table, name=name).exists():
        raise Conflict(f"The leaderboard has a metric {name!r} already.")
    return {"table": table.slug, "name": name, "higher_is_better": _optional_bool(payload, "higher_is_better")}, \
        f"leaderboard {table.slug}"


def _apply_add_metric(payload: dict) -> tuple[dict, dict]:
    higher = payload.get("higher_is_better")
    metric = boards.add_metric(_table(payload["table"]), payload["name"], None if higher is None else not higher)
    return {}, {"metric": metric.id, "table": payload["table"], "name": metric.name}


def _check_tag(payload: dict) -> tuple[dict, str]:
    paper = _paper(_text(payload, "paper"))
    task = taxonomy.task_by_id(_text(payload, "task"))
    if paper.tasks.filter(pk=task.pk).exists():
        raise Conflict(f"The paper is tagged {task.slug!r} already.")
    return {"paper": paper.slug, "task": task.slug}, f"paper {paper.slug}"


def _apply_tag(payload: dict) -> tuple[dict, dict]:
    _paper(payload["paper"]).tasks.add(taxonomy.task_by_id(payload["task"]))
    return {}, dict(payload)


def _revert_tag(before: dict, after: dict) -> None:
    paper = Paper.objects.filter(slug=after["paper"]).first()
    task = Task.objects.filter(slug=after["task"]).first()
    if paper and task:
        paper.tasks.remove(task)


# --- merges --------------------------------------------------------------------------------------


def _check_merge(what: str) -> Callable[[dict], tuple[dict, str]]:
    lookup = taxonomy.task_by_id if what == "task" else taxonomy.dataset_by_id

    def check(payload: dict) -> tuple[dict, str]:
        source, into = lookup(_text(payload, "source")), lookup(_text(payload, "into"))
        if source.pk == into.pk:
            raise Invalid(f"A {what} cannot be merged into itself.")
        field = "task" if what == "task" else "dataset"
        other = "dataset" if what == "task" else "task"
        clash = EvaluationTable.objects.filter(**{field: source}).values_list(f"{other}_id", flat=True)
        if EvaluationTable.objects.filter(**{field: into, f"{other}_id__in": list(clash)}).exists():
            raise Conflict(f"Both {what}s have a leaderboard on the same {other}: merge those leaderboards first.")
        return {"source": source.slug, "into": into.slug}, f"{what} {source.slug} into {into.slug}"
    return check


def _diff_merge(payload: dict):
    return [("merged into", payload["source"], payload["into"])]


def _apply_merge(model, what: str) -> Callable[[dict], tuple[dict, dict]]:
    def apply(payload: dict) -> tuple[dict, dict]:
        source = model.objects.get(slug=payload["source"])
        into = model.objects.get(slug=payload["into"])
        relation = "tasks" if what == "task" else "datasets"
        papers = list(Paper.objects.filter(**{relation: source}).values_list("id", flat=True))
        tables = list(EvaluationTable.objects.filter(**{what: source}).values_list("id", flat=True))
        before = {"record": _record(source), "papers": papers, "tables": tables}
        if what == "task":
            before["children"] = list(source.children.values_list("id", flat=True))
            before["datasets"] = list(source.datasets.values_list("id", flat=True))
            before["areas"] = list(source.areas.values_list("id", flat=True))
            Task.objects.filter(id__in=before["children"]).update(parent=into)
            into.datasets.add(*before["datasets"])
        else:
            before["tasks"] = list(source.tasks.values_list("id", flat=True))
            into.tasks.add(*before["tasks"])
        getattr(into, "papers").add(*papers)
        for table in EvaluationTable.objects.filter(id__in=tables).select_related("task", "dataset"):
            setattr(table, what, into)
            table.slug = f"{table.task.slug}-on-{table.dataset.slug}"[:500]
            table.save()
        source.delete()
        return before, {"into": into.slug}
    return apply


def _record(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def _revert_merge(model, what: str) -> Callable[[dict, dict], None]:
    def revert(before: dict, after: dict) -> None:
        record = dict(before["record"])
        if model.objects.filter(Q(pk=record["id"]) | Q(slug=record["slug"])).exists():
            raise Conflict(f"A {what} {record['slug']!r} exists again; the merge cannot be undone.")
        source = model.objects.create(**record)
        into = model.objects.get(slug=after["into"])
        source.papers.add(*before["papers"])
        into.papers.remove(*[p for p in before["papers"]])
        if what == "task":
            Task.objects.filter(id__in=before["children"]).update(parent=source)
            source.datasets.add(*before["datasets"])
            source.areas.add(*before["areas"])
        else:
            source.tasks.add(*before["tasks"])
        for table in EvaluationTable.objects.filter(id__in=before["tables"]).select_related("task", "dataset"):
            setattr(table, what, source)
            table.slug = f"{table.task.slug}-on-{table.dataset.slug}"[:500]
            table.save()
    return revert


# --- results the extractor found ----------------------------------------------------------
#
# A result read from a paper's table may name a task, dataset or metric the catalog does not
# have yet. Rather than dropping it or forcing it onto the nearest known name, the proposal
# says "new task 'X'" in its diff and, once accepted, creates what is missing (with the same
# functions as add_task, add_dataset and add_metric) and adds the row; reverting removes the
# row and whatever it created that nothing else uses since.

PROVENANCE_TEXT = {"source": 1000, "label": 300, "caption": MAX_TEXT, "cell": 200, "row_header": 300,
                   "column_header": 300}
PROVENANCE_NUMBERS = ("table", "row", "column")


def _number(payload: dict, field: str, low: float | None = None, high: float | None = None) -> float | None:
    value = payload.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value in (
            float("inf"), float("-inf")):
        raise Invalid(f"{field} must be a number.")
    if (low is not None and value < low) or (high is not None and value > high):
        raise Invalid(f"{field} must be between {low} and {high}.")
    return float(value)


def _provenance(value) -> dict:
    if not isinstance(value, dict):
        raise Invalid("provenance must say where the value was read (source, table, row, column, cell).")
    clean = {field: _text(value, field, required=False, limit=limit) for field, limit in PROVENANCE_TEXT.items()}
    for field in PROVENANCE_NUMBERS:
        number = value.get(field)
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= 100_000:
            raise Invalid(f"provenance {field} must be a whole number.")
        clean[field] = number
    return clean


def _check_extracted_result(payload: dict) -> tuple[dict, str]:
    paper = _paper(_text(payload, "paper"))
    clean = {"paper": paper.slug, "task": _text(payload, "task"), "dataset": _text(payload, "dataset"),
             "metric": _text(payload, "metric", limit=200), "model_name": _text(payload, "model_name"),
             "value": _text(payload, "value", limit=100), "number": _number(payload, "number"),
             "own": bool(_optional_bool(payload, "own")),
             "confidence": _number(payload, "confidence", 0.0, 1.0),
             "provenance": _provenance(payload.get("provenance"))}
    if clean["confidence"] is None:
        raise Invalid("confidence is required.")
    written = payload.get("as_written") or {}
    if not isinstance(written, dict):
        raise Invalid("as_written must map task, dataset and metric to the paper's words.")
    clean["as_written"] = {field: _text(written, field, required=False) for field in ("task", "dataset", "metric")}
    taxonomy.slug_for(clean["task"], "task")  # a name that cannot become a record is refused now
    taxonomy.slug_for(clean["dataset"], "dataset")
    return clean, f"paper {paper.slug}"


def _named(model, name: str):
    """The catalog's record of a name: by name as written, else by the slug it would get."""
    return model.objects.filter(name=name).order_by("id").first() or model.objects.filter(slug=slugify(name)).first()


def _board_metric(table: EvaluationTable | None, name: str) -> Metric | None:
    if table is None:
        return None
    return Metric.objects.filter(table=table, name=name).first() or \
        Metric.objects.filter(table=table, name__iexact=name).order_by("position").first()


def _found_names(payload: dict) -> tuple[Task | None, Dataset | None, EvaluationTable | None, Metric | None]:
    """The records the names stand for, None where a name is new. One query when all exist
    (the usual case, and the moderation queue asks for every row)."""
    column = Metric.objects.select_related("table__task", "table__dataset").filter(
        table__task__name=payload["task"], table__dataset__name=payload["dataset"], name=payload["metric"]).first()
    if column is not None:
        return column.table.task, column.table.dataset, column.table, column
    task, dataset = _named(Task, payload["task"]), _named(Dataset, payload["dataset"])
    table = EvaluationTable.objects.filter(task=task, dataset=dataset).first() if task and dataset else None
    return task, dataset, table, _board_metric(table, payload["metric"])


def extracted_result_creates(payload: dict) -> list[str]:
    """What accepting the result would create besides the row ("task", "leaderboard"...):
    empty when the leaderboard and its metric exist. The threshold rule accepts only those."""
    task, dataset, table, metric = _found_names(payload)
    found = {"task": task, "dataset": dataset, "leaderboard": table, "metric": metric}
    return [what for what, record in found.items() if record is None]


def _diff_extracted_result(payload: dict):
    task, dataset, table, metric = _found_names(payload)
    rows = [(what, None, payload[what] if record else f"new {what} '{payload[what]}'")
            for what, record in (("task", task), ("dataset", dataset), ("metric", metric))]
    if table is None:
        rows.append(("leaderboard", None, f"new leaderboard '{payload['task']} on {payload['dataset']}'"))
    where = payload["provenance"]
    rows += [
        (f"{payload['model_name']}: {payload['metric']}", None, payload["value"]),
        ("value as parsed", None, payload.get("number")),
        ("paper", None, payload["paper"] if payload["own"] else "none (a result the paper cites)"),
        ("confidence", None, payload["confidence"]),
        ("found in", None, f"table {where['table']}, row {where['row']}, column {where['column']}: "
                           f"\u201c{where['cell']}\u201d"),
    ]
    return rows


def _apply_extracted_result(payload: dict) -> tuple[dict, dict]:
    task, dataset, table, metric = _found_names(payload)
    created: dict[str, Any] = {}
    if task is None:
        created["task"] = _apply_add_task({"name": payload["task"]})[1]["task"]
        task = Task.objects.get(slug=created["task"])
    if dataset is None:
        created["dataset"] = _apply_add_dataset({"name": payload["dataset"]})[1]["dataset"]
        dataset = Dataset.objects.get(slug=created["dataset"])
    if table is None:
        joined = {"task_in_dump": task.in_evaluation_dump, "task_dump_position": task.dump_position,
                  "dataset_had_task": dataset.tasks.filter(pk=task.pk).exists()}
        table = boards.create_table(task.slug, dataset.slug)
        created["leaderboard"] = {"slug": table.slug, **joined}
        metric = None
    if metric is None:
        created["metric"] = _apply_add_metric({"table": table.slug, "name": payload["metric"]})[1]["metric"]
        metric = Metric.objects.get(id=created["metric"])
    paper = _paper(payload["paper"]) if payload["own"] else None
    row = boards.add_result(table, {metric.name: payload["value"]}, payload["model_name"], None,
                            paper.slug if paper else None, paper.published if paper else None)
    Result.objects.filter(pk=row.pk).update(source="extracted")
    return {}, {"result": row.id, "table": table.slug, "model_name": row.model_name, "metrics": row.metrics_raw,
                "created": created}


def _revert_extracted_result(before: dict, after: dict) -> None:
    """Remove the row, then what it created, unless something added since uses it."""
    Result.objects.filter(id=after["result"]).delete()
    created = after.get("created") or {}
    if "metric" in created:
        Metric.objects.filter(id=created["metric"]).exclude(values__isnull=False).delete()
    board = created.get("leaderboard")
    table = EvaluationTable.objects.filter(slug=board["slug"]).select_related("task", "dataset").first() \
        if board else None
    if table is not None and not table.results.exists() and not table.metrics.exists():
        task, dataset = table.task, table.dataset
        table.delete()
        if not board["dataset_had_task"]:
            dataset.tasks.remove(task)
        if not board["task_in_dump"]:
            Task.objects.filter(pk=task.pk).update(in_evaluation_dump=False, dump_position=board["task_dump_position"])
    if "dataset" in created:
        Dataset.objects.filter(slug=created["dataset"], evaluation_tables__isnull=True).delete()
    if "task" in created:
        Task.objects.filter(slug=created["task"], evaluation_tables__isnull=True, children__isnull=True).delete()


KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("add_code_link", "Add a code link", _check_code_link, _diff_code_link, _apply_code_link, _restore_link),
    Kind("remove_code_link", "Remove a code link", _check_link_ref, _diff_link_field("status"),
         _apply_remove_link, _restore_link),
    Kind("mark_official", "Mark code official", _check_link_ref, _diff_link_field("is_official"),
         _apply_mark_official, _restore_link),
    Kind("add_result", "Add a result", _check_add_result, _diff_add_result, _apply_add_result, _revert_add_result),
    Kind("add_extracted_result", "Add a result found in a paper", _check_extracted_result, _diff_extracted_result,
         _apply_extracted_result, _revert_extracted_result, automated=True),
    Kind("correct_result", "Correct a result", _check_correct_result, _diff_correct_result,
         _apply_correct_result, _revert_correct_result),
    Kind("add_task", "Add a task", _check_named("task", Task), _diff_named, _apply_add_task,
         _delete_created(Task, "task")),
    Kind("add_dataset", "Add a dataset", _check_named("dataset", Dataset), _diff_named, _apply_add_dataset,
         _delete_created(Dataset, "dataset")),
    Kind("add_method", "Add a method", _check_named("method", Method), _diff_named, _apply_add_method,
         _delete_created(Method, "method")),
    Kind("add_metric", "Add a metric", _check_add_metric, _diff_named, _apply_add_metric,
         lambda before, after: Metric.objects.filter(id=after["metric"]).delete()),
    Kind("tag_paper_task", "Tag a paper with a task", _check_tag, _diff_named, _apply_tag, _revert_tag),
    Kind("merge_tasks", "Merge two tasks", _check_merge("task"), _diff_merge, _apply_merge(Task, "task"),
         _revert_merge(Task, "task")),
    Kind("merge_datasets", "Merge two datasets", _check_merge("dataset"), _diff_merge,
         _apply_merge(Dataset, "dataset"), _revert_merge(Dataset, "dataset")),
)}
