"""The shape each dump record must have, checked before anything is written.

Only what the importer relies on is required; every other field may be missing or
null, because the public dumps themselves are uneven (old evaluation-table files lack
`categories`, rows lack `paper_date`...). A wrong type is an error, not a guess.
"""

from __future__ import annotations

from collections.abc import Mapping

STR = (str,)
OPT_STR = (str, type(None))
OPT_LIST = (list, type(None))
OPT_BOOL = (bool, type(None))
OPT_DICT = (dict, type(None))
OPT_NUM = (int, float, type(None))
OPT_INT = (int, type(None))

PAPER_FIELDS = {
    "paper_url": OPT_STR, "arxiv_id": OPT_STR, "nips_id": OPT_STR, "openreview_id": OPT_STR,
    "title": OPT_STR, "abstract": OPT_STR, "short_abstract": OPT_STR, "url_abs": OPT_STR,
    "url_pdf": OPT_STR, "proceeding": OPT_STR, "authors": OPT_LIST, "tasks": OPT_LIST,
    "date": OPT_STR, "conference_url_abs": OPT_STR, "conference_url_pdf": OPT_STR,
    "conference": OPT_STR, "reproduces_paper": OPT_STR, "methods": OPT_LIST,
}
LINK_FIELDS = {
    "paper_url": OPT_STR, "paper_title": OPT_STR, "paper_arxiv_id": OPT_STR,
    "paper_url_abs": OPT_STR, "paper_url_pdf": OPT_STR, "repo_url": STR,
    "is_official": OPT_BOOL, "mentioned_in_paper": OPT_BOOL, "mentioned_in_github": OPT_BOOL,
    "framework": OPT_STR,
}
DATASET_FIELDS = {
    "url": OPT_STR, "name": STR, "full_name": OPT_STR, "homepage": OPT_STR,
    "description": OPT_STR, "paper": OPT_DICT, "introduced_date": OPT_STR,
    "modalities": OPT_LIST, "tasks": OPT_LIST, "languages": OPT_LIST, "variants": OPT_LIST,
    "num_papers": OPT_INT, "data_loaders": OPT_LIST,
}
METHOD_FIELDS = {
    "url": OPT_STR, "name": STR, "full_name": OPT_STR, "description": OPT_STR,
    "paper": OPT_DICT, "introduced_year": OPT_INT, "source_url": OPT_STR,
    "source_title": OPT_STR, "code_snippet_url": OPT_STR, "num_papers": OPT_INT,
    "collections": OPT_LIST,
}
TASK_FIELDS = {
    "task": STR, "description": OPT_STR, "categories": OPT_LIST, "datasets": OPT_LIST,
    "subtasks": OPT_LIST, "synonyms": OPT_LIST, "source_link": OPT_DICT,
}
TABLE_FIELDS = {
    "dataset": OPT_STR, "subdataset": OPT_STR, "description": OPT_STR,
    "dataset_citations": OPT_LIST, "dataset_links": OPT_LIST, "subdatasets": OPT_LIST,
    "sota": OPT_DICT,
}
ROW_FIELDS = {
    "model_name": OPT_STR, "metrics": (dict,), "paper_title": OPT_STR, "paper_url": OPT_STR,
    "paper_date": OPT_STR, "code_links": OPT_LIST, "model_links": OPT_LIST,
    "uses_additional_data": OPT_BOOL,
}
REQUIRED = {
    "papers": ("paper_url",), "links": ("repo_url",), "datasets": ("name",),
    "methods": ("name",),
}


class ShapeError(ValueError):
    """A record whose fields do not have the types of the dump format."""


def check_fields(record: Mapping, fields: Mapping, where: str, required=()) -> None:
    for name in required:
        if record.get(name) in (None, ""):
            raise ShapeError(f"{where}missing required field '{name}'")
    for name, types in fields.items():
        if name in record and not isinstance(record[name], types):
            expected = " or ".join("null" if t is type(None) else t.__name__ for t in types)
            raise ShapeError(
                f"{where}field '{name}' should be {expected}, got {type(record[name]).__name__}"
            )


def check_record(kind: str, record: Mapping) -> None:
    if kind == "evaluation-tables":
        check_task(record, "")
        return
    fields = {"papers": PAPER_FIELDS, "links": LINK_FIELDS, "datasets": DATASET_FIELDS,
              "methods": METHOD_FIELDS}[kind]
    check_fields(record, fields, "", REQUIRED[kind])
    for list_field in ("authors", "tasks"):
        if kind == "papers" and any(not isinstance(v, str) for v in record.get(list_field) or []):
            raise ShapeError(f"field '{list_field}' should be a list of strings")


def check_task(task: Mapping, where: str) -> None:
    check_fields(task, TASK_FIELDS, where, ("task",))
    where = f"{where}task '{task['task'][:60]}': "
    for table in task.get("datasets") or []:
        check_table(table, where)
    for subtask in task.get("subtasks") or []:
        if not isinstance(subtask, dict):
            raise ShapeError(f"{where}a subtask should be an object")
        check_task(subtask, where)


def check_table(table: object, where: str) -> None:
    if not isinstance(table, dict):
        raise ShapeError(f"{where}a dataset entry should be an object")
    check_fields(table, TABLE_FIELDS, where)
    name = table.get("dataset") or table.get("subdataset")
    if not name:
        raise ShapeError(f"{where}a dataset entry has no 'dataset' name")
    where = f"{where}dataset '{name[:60]}': "
    sota = table.get("sota") or {}
    if not isinstance(sota.get("metrics", []), list) or not isinstance(sota.get("rows", []), list):
        raise ShapeError(f"{where}'sota' should hold lists 'metrics' and 'rows'")
    for row in sota.get("rows") or []:
        if not isinstance(row, dict):
            raise ShapeError(f"{where}a row should be an object")
        # model_name may be "" (real rows have none), but a row without metrics is no row.
        check_fields(row, ROW_FIELDS, where)
        if "metrics" not in row:
            raise ShapeError(f"{where}a row has no 'metrics'")
    for subdataset in table.get("subdatasets") or []:
        check_table(subdataset, where)
