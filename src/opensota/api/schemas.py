"""The shapes of the API, field for field those of `paperswithcode-client` 0.3.1's models.

Ids are the slugs of the site's URLs (a paper's id is its slug, an evaluation table's
the slug of its /sota/ page), except metrics and results, which are numbered.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, BaseModel, Field, create_model

_CONTROL = {chr(code) for code in range(32)} - {"\t", "\n", "\r"}


def _printable(value: str) -> str:
    if any(char in _CONTROL for char in value):
        raise ValueError("control characters are not allowed")
    return value


def Text(max_length: int, min_length: int = 0):
    """A string field of bounded length without control characters (NUL breaks PostgreSQL)."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(_printable)]


class Out(BaseModel):
    """An answer: built from plain dicts by `serializers`, so plain pydantic (ninja's
    Schema would look every field up on Django objects, which answers never are)."""


Name = Text(300, min_length=1)
Description = Text(20_000)
Url = Text(1000)
Ident = Text(500, min_length=1)
# A metric value as a paper writes it ("76.3%", "1.2M") or as a number: stored as given,
# parsed by the one value parser for ranking.
MetricValue = Annotated[
    Text(200)
    | Annotated[int, Field(ge=-(10**18), le=10**18)]
    | Annotated[float, Field(allow_inf_nan=False)],
    Field(union_mode="left_to_right"),
]


class Error(Out):
    """Every error: `message` says what went wrong; `error` repeats it for the official
    client, which reads `error` on a 400 and `message` otherwise."""

    message: str
    error: str
    details: list[dict[str, Any]] | None = None


# --- catalog -----------------------------------------------------------------------


class Paper(Out):
    id: str
    arxiv_id: str | None
    nips_id: str | None
    url_abs: str
    url_pdf: str
    title: str
    abstract: str
    authors: list[str]
    published: date | None
    conference: str | None
    conference_url_abs: str | None
    conference_url_pdf: str | None
    proceeding: str | None


class Repository(Out):
    url: str
    owner: str
    name: str
    description: str
    stars: int
    framework: str
    is_official: bool | None = Field(None, description="Only when listing a paper's repositories.")


class PaperRepo(Out):
    paper: Paper
    repository: Repository | None
    is_official: bool


class Author(Out):
    id: str
    full_name: str


class Conference(Out):
    id: str
    name: str


class Proceeding(Out):
    id: str
    year: int | None
    month: int | None


# --- taxonomy ----------------------------------------------------------------------


class Area(Out):
    id: str
    name: str


class Task(Out):
    id: str
    name: str
    description: str


class TaskCreate(Schema):
    name: Name
    description: Description = ""
    area: Text(300) | None = Field(None, description="An area's id or name.")
    parent_task: Text(300) | None = Field(None, description="The parent task's id.")


class TaskUpdate(Schema):
    name: Name | None = None
    description: Description | None = None
    area: Text(300) | None = None
    parent_task: Text(300) | None = None


class Dataset(Out):
    id: str
    name: str
    full_name: str | None
    url: str | None


class DatasetCreate(Schema):
    name: Name
    full_name: Text(500) | None = None
    url: Url | None = None


class DatasetUpdate(Schema):
    name: Name | None = None
    full_name: Text(500) | None = None
    url: Url | None = None


class Method(Out):
    id: str
    name: str
    full_name: str
    description: str
    paper: str | None


# --- evaluations -------------------------------------------------------------------


class EvaluationTable(Out):
    id: str
    task: str
    dataset: str
    description: str = ""
    mirror_url: str | None = None


class EvaluationTableCreate(Schema):
    task: Ident
    dataset: Ident
    description: Description = ""
    mirror_url: Url | None = None


class EvaluationTableUpdate(Schema):
    task: Ident | None = None
    dataset: Ident | None = None
    description: Description | None = None
    mirror_url: Url | None = None


class Metric(Out):
    id: str
    name: str
    description: str
    is_loss: bool


class MetricCreate(Schema):
    name: Name
    description: Description = ""
    is_loss: bool


class MetricUpdate(Schema):
    name: Name | None = None
    description: Description | None = None
    is_loss: bool | None = None


class Result(Out):
    id: str
    best_rank: int | None
    metrics: dict[str, str]
    methodology: str
    uses_additional_data: bool
    paper: str | None
    best_metric: str | None
    evaluated_on: str | None
    external_source_url: str | None


Metrics = Annotated[dict[Text(300, min_length=1), MetricValue], Field(max_length=100)]


class ResultCreate(Schema):
    metrics: Metrics
    methodology: Text(500, min_length=1)
    uses_additional_data: bool | None = False
    paper: Url | None = Field(None, description="The paper's id, or its URL.")
    evaluated_on: date | None = None
    external_source_url: Url | None = None


class ResultUpdate(Schema):
    metrics: Metrics | None = None
    methodology: Text(500, min_length=1) | None = None
    uses_additional_data: bool | None = None
    paper: Url | None = None
    evaluated_on: date | None = None
    external_source_url: Url | None = None


class MetricSync(Schema):
    name: Name
    description: Description = ""
    is_loss: bool = True


class ResultSync(Schema):
    metrics: Metrics
    methodology: Text(500, min_length=1)
    paper: Url | None = None
    uses_additional_data: bool = False
    external_id: Text(300) | None = ""
    evaluated_on: date | None = None
    external_source_url: Url | None = None


class EvaluationTableSync(Schema):
    task: Ident
    dataset: Ident
    description: Description = ""
    mirror_url: Url | None = None
    external_id: Text(300) | None = None
    metrics: list[MetricSync] = Field(default_factory=list, max_length=100)
    results: list[ResultSync] = Field(default_factory=list, max_length=5000)


class ResultSyncResponse(Out):
    id: str
    metrics: dict[str, str]
    methodology: str
    paper: str | None
    uses_additional_data: bool = False
    external_id: str | None = ""
    evaluated_on: str | None = None
    external_source_url: str | None = None


class MetricSyncResponse(Out):
    name: str
    description: str = ""
    is_loss: bool = True


class EvaluationTableSyncResponse(Out):
    id: str
    task: str
    dataset: str
    description: str = ""
    mirror_url: str | None = None
    external_id: str | None = ""
    metrics: list[MetricSyncResponse]
    results: list[ResultSyncResponse]


# --- pages -------------------------------------------------------------------------


def page_of(item: type[Schema]) -> type[Schema]:
    """`{count, next, previous, results}`: the page the official client expects."""
    return create_model(
        f"{item.__name__}Page",
        __base__=Out,
        count=(int, ...),
        next=(str | None, Field(..., description="URL of the next page (with page=), or null.")),
        previous=(str | None, Field(..., description="URL of the previous page, or null.")),
        results=(list[item], ...),
    )


Papers = page_of(Paper)
Repositories = page_of(Repository)
PaperRepos = page_of(PaperRepo)
Authors = page_of(Author)
Conferences = page_of(Conference)
Proceedings = page_of(Proceeding)
Areas = page_of(Area)
Tasks = page_of(Task)
Datasets = page_of(Dataset)
Methods = page_of(Method)
EvaluationTables = page_of(EvaluationTable)
MetricPage = page_of(Metric)
Results = page_of(Result)
