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


KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("add_code_link", "Add a code link", _check_code_link, _diff_code_link, _apply_code_link, _restore_link),
    Kind("remove_code_link", "Remove a code link", _check_link_ref, _diff_link_field("status"),
         _apply_remove_link, _restore_link),
    Kind("mark_official", "Mark code official", _check_link_ref, _diff_link_field("is_official"),
         _apply_mark_official, _restore_link),
    Kind("add_result", "Add a result", _check_add_result, _diff_add_result, _apply_add_result, _revert_add_result),
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
