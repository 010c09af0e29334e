"""Calls every public method of the official `paperswithcode-client` against a server.

Run by `test_official_client.py` with the interpreter of a virtual environment that
holds paperswithcode-client 0.3.1 (its pins are old, so it is kept out of the
project's environment). Standard library and the client only.

    python pwc_client_script.py URL EDITOR_TOKEN READER_TOKEN IDS.json OUT.json

IDS.json names the records to read (chosen by the test from the database). OUT.json
gets, for every call, what the client returned (as plain JSON) or the HTTP status of
the error it raised, plus the list of the client's public methods and of those called.
"""

import json
import sys

from paperswithcode import PapersWithCodeClient
from paperswithcode.models import (
    DatasetCreateRequest, DatasetUpdateRequest, EvaluationTableCreateRequest,
    EvaluationTableSyncRequest, EvaluationTableUpdateRequest, MetricCreateRequest,
    MetricSyncRequest, MetricUpdateRequest, ResultCreateRequest, ResultSyncRequest,
    ResultUpdateRequest, TaskCreateRequest, TaskUpdateRequest,
)
from tea_client.errors import HttpClientError


def plain(value):
    return json.loads(json.dumps(value.dict() if hasattr(value, "dict") else value, default=str))


class Recorder:
    """Wraps a client: records each call's result (or error status) under a label."""

    def __init__(self, client, log, called):
        self.client, self.log, self.called = client, log, called

    def call(self, label, method, *args, **kwargs):
        self.called.add(method)
        try:
            result = getattr(self.client, method)(*args, **kwargs)
        except HttpClientError as error:
            self.log[label] = {"error": error.status_code, "message": error.message}
            return None
        self.log[label] = plain(result)
        return result


def main(url, editor_token, reader_token, ids_path, out_path):
    ids = json.load(open(ids_path))
    log, called = {}, set()
    public = Recorder(PapersWithCodeClient(url=url), log, called)
    editor = Recorder(PapersWithCodeClient(token=editor_token, url=url), log, called)
    reader = Recorder(PapersWithCodeClient(token=reader_token, url=url), log, called)

    # --- reads: search and papers
    public.call("search", "search", q=ids["search_q"], items_per_page=5)
    public.call("search_page_2", "search", q=ids["search_q"], page=2, items_per_page=5)
    public.call("paper_list", "paper_list", items_per_page=3)
    public.call("paper_list_page_2", "paper_list", page=2, items_per_page=3)
    public.call("paper_list_q", "paper_list", q=ids["paper_q"], items_per_page=5)
    public.call("paper_list_arxiv", "paper_list", arxiv_id=ids["arxiv_id"])
    public.call("paper_list_title", "paper_list", title=ids["title_part"])
    public.call("paper_list_abstract", "paper_list", abstract=ids["abstract_part"])
    public.call("paper_list_past_end", "paper_list", page=10**6)
    public.call("paper_get", "paper_get", ids["paper"])
    public.call("paper_get_missing", "paper_get", "no-such-paper-anywhere")
    public.call("paper_dataset_list", "paper_dataset_list", ids["paper_with_datasets"])
    public.call("paper_repository_list", "paper_repository_list", ids["paper"])
    public.call("paper_task_list", "paper_task_list", ids["paper_with_tasks"])
    public.call("paper_method_list", "paper_method_list", ids["paper_with_methods"])
    public.call("paper_result_list", "paper_result_list", ids["paper_with_results"])

    # --- repositories
    owner, name = ids["repository"].split("/")
    public.call("repository_list", "repository_list", items_per_page=10)
    public.call("repository_list_owner", "repository_list", owner=owner)
    public.call("repository_list_owner_name", "repository_list", owner=owner, name=name)
    public.call("repository_list_q", "repository_list", q=f"{owner} {name}")
    public.call("repository_list_stars", "repository_list", stars=ids["min_stars"])
    public.call("repository_list_framework", "repository_list", framework="pytorch", items_per_page=5)
    public.call("repository_owner_list", "repository_owner_list", owner)
    public.call("repository_get", "repository_get", owner, name)
    public.call("repository_paper_list", "repository_paper_list", owner, name)

    # --- authors, conferences, proceedings
    public.call("author_list", "author_list", items_per_page=5)
    public.call("author_list_q", "author_list", q=ids["author_name"])
    public.call("author_list_full_name", "author_list", full_name=ids["author_name"])
    public.call("author_get", "author_get", ids["author"])
    public.call("author_paper_list", "author_paper_list", ids["author"])
    public.call("conference_list", "conference_list")
    public.call("conference_list_q", "conference_list", q=ids["conference_name"])
    public.call("conference_list_name", "conference_list", name=ids["conference_name"])
    public.call("conference_get", "conference_get", ids["conference"])
    public.call("proceeding_list", "proceeding_list", ids["conference"])
    public.call("proceeding_get", "proceeding_get", ids["conference"], ids["proceeding"])
    public.call("proceeding_paper_list", "proceeding_paper_list", ids["conference"], ids["proceeding"])

    # --- areas, tasks, datasets, methods
    public.call("area_list", "area_list")
    public.call("area_list_q", "area_list", q=ids["area_name"])
    public.call("area_list_name", "area_list", name=ids["area_name"])
    public.call("area_get", "area_get", ids["area"])
    public.call("area_task_list", "area_task_list", ids["area"], items_per_page=500)
    public.call("task_list", "task_list", items_per_page=5)
    public.call("task_list_q", "task_list", q=ids["task_name"])
    public.call("task_list_name", "task_list", name=ids["task_name"])
    public.call("task_get", "task_get", ids["task"])
    public.call("task_parent_list", "task_parent_list", ids["task"])
    public.call("task_child_list", "task_child_list", ids["task"])
    public.call("task_paper_list", "task_paper_list", ids["task"])
    public.call("task_evaluation_list", "task_evaluation_list", ids["task"])
    public.call("dataset_list", "dataset_list", items_per_page=5)
    public.call("dataset_list_q", "dataset_list", q=ids["dataset_name"])
    public.call("dataset_list_name", "dataset_list", name=ids["dataset_name"])
    public.call("dataset_get", "dataset_get", ids["dataset"])
    public.call("dataset_evaluation_list", "dataset_evaluation_list", ids["dataset"])
    public.call("method_list", "method_list", items_per_page=5)
    public.call("method_list_q", "method_list", q=ids["method_name"])
    public.call("method_list_name", "method_list", name=ids["method_name"])
    public.call("method_list_full_name", "method_list", full_name=ids["method_full_name"])
    public.call("method_get", "method_get", ids["method"])

    # --- leaderboards
    board = ids["evaluation"]
    public.call("evaluation_list", "evaluation_list", items_per_page=5)
    public.call("evaluation_get", "evaluation_get", board)
    public.call("evaluation_metric_list", "evaluation_metric_list", board)
    public.call("evaluation_metric_get", "evaluation_metric_get", board, ids["metric"])
    public.call("evaluation_result_list", "evaluation_result_list", board, items_per_page=10)
    public.call("evaluation_result_list_page_2", "evaluation_result_list", board, page=2, items_per_page=10)
    public.call("evaluation_result_get", "evaluation_result_get", board, ids["result"])

    # --- writes are refused without a token (401) and with a reader's token (403)
    public.call("task_add_anonymous", "task_add", TaskCreateRequest(name="Refused Task"))
    reader.call("task_add_reader", "task_add", TaskCreateRequest(name="Refused Task"))
    reader.call("dataset_delete_reader", "dataset_delete", ids["dataset"])

    # --- writes: a task, a dataset, their leaderboard, its metrics and rows (kept)
    task = editor.call("task_add", "task_add", TaskCreateRequest(
        name="OpenSOTA Client Task", description="Made by the official client.",
        area=ids["area"], parent_task=ids["task"],
    ))
    editor.call("task_add_again", "task_add", TaskCreateRequest(name="OpenSOTA Client Task"))
    editor.call("task_update", "task_update", task.id, TaskUpdateRequest(description="Changed by the client."))
    dataset = editor.call("dataset_add", "dataset_add", DatasetCreateRequest(
        name="OpenSOTA Client Set", full_name="The OpenSOTA Client Dataset", url="https://example.org/client-set",
    ))
    editor.call("dataset_update", "dataset_update", dataset.id, DatasetUpdateRequest(url="https://example.org/v2"))
    public.call("dataset_list_full_name", "dataset_list", full_name=ids["dataset_full_name"])
    table = editor.call("evaluation_create", "evaluation_create", EvaluationTableCreateRequest(
        task=task.id, dataset=dataset.id, description="A leaderboard made by the client.",
    ))
    editor.call("evaluation_update", "evaluation_update", table.id, EvaluationTableUpdateRequest(
        description="A leaderboard changed by the client.",
    ))
    accuracy = editor.call("evaluation_metric_add", "evaluation_metric_add", table.id, MetricCreateRequest(
        name="Accuracy", description="Share right.", is_loss=False,
    ))
    error = editor.call("evaluation_metric_add_error", "evaluation_metric_add", table.id, MetricCreateRequest(
        name="Error", description="Share wrong.", is_loss=True,
    ))
    editor.call("evaluation_metric_update", "evaluation_metric_update", table.id, accuracy.id,
                MetricUpdateRequest(name="Top-1 Accuracy"))
    first = editor.call("evaluation_result_add", "evaluation_result_add", table.id, ResultCreateRequest(
        metrics={"Top-1 Accuracy": "91.5", "Error": "8.5"}, methodology="Client Model A",
        paper=ids["paper"], evaluated_on="2020-01-02",
    ))
    second = editor.call("evaluation_result_add_second", "evaluation_result_add", table.id, ResultCreateRequest(
        metrics={"Top-1 Accuracy": "90.1", "Error": "9.9"}, methodology="Client Model B",
        uses_additional_data=True, evaluated_on="2021-03-04",
    ))
    editor.call("evaluation_result_update", "evaluation_result_update", table.id, second.id,
                ResultUpdateRequest(metrics={"Top-1 Accuracy": "93.0", "Error": "7.0"}))
    editor.call("evaluation_result_get_after_update", "evaluation_result_get", table.id, first.id)
    editor.call("evaluation_metric_delete", "evaluation_metric_delete", table.id, error.id)
    editor.call("evaluation_result_list_after", "evaluation_result_list", table.id)
    editor.call("evaluation_metric_list_after", "evaluation_metric_list", table.id)

    # --- synchronize a second leaderboard (created by the call), then again (updated)
    other = editor.call("dataset_add_second", "dataset_add", DatasetCreateRequest(name="OpenSOTA Client Set Two"))
    sync = EvaluationTableSyncRequest(
        task=task.id, dataset=other.id, description="Synchronized.", external_id="client-board-1",
        metrics=[MetricSyncRequest(name="BLEU", is_loss=False), MetricSyncRequest(name="Latency", is_loss=True)],
        results=[
            ResultSyncRequest(metrics={"BLEU": "30.1", "Latency": "12"}, methodology="Sync Model X",
                              paper=ids["paper"], external_id="x", evaluated_on="2019-05-06"),
            ResultSyncRequest(metrics={"BLEU": "28.0", "Latency": "9"}, methodology="Sync Model Y",
                              paper=None, external_id="y", evaluated_on="2018-01-01"),
        ],
    )
    editor.call("evaluation_synchronize", "evaluation_synchronize", sync)
    sync.results[1].metrics = {"BLEU": "31.5", "Latency": "10"}
    editor.call("evaluation_synchronize_again", "evaluation_synchronize", sync)

    # --- writes then deleted: a throwaway task, dataset and leaderboard, and one row
    editor.call("evaluation_result_delete", "evaluation_result_delete", table.id, first.id)
    editor.call("evaluation_result_get_deleted", "evaluation_result_get", table.id, first.id)
    gone_task = editor.call("task_add_throwaway", "task_add", TaskCreateRequest(name="OpenSOTA Throwaway Task"))
    gone_set = editor.call("dataset_add_throwaway", "dataset_add", DatasetCreateRequest(name="OpenSOTA Throwaway Set"))
    gone_board = editor.call("evaluation_create_throwaway", "evaluation_create", EvaluationTableCreateRequest(
        task=gone_task.id, dataset=gone_set.id,
    ))
    editor.call("evaluation_delete", "evaluation_delete", gone_board.id)
    editor.call("evaluation_get_deleted", "evaluation_get", gone_board.id)
    editor.call("task_delete", "task_delete", gone_task.id)
    editor.call("task_get_deleted", "task_get", gone_task.id)
    editor.call("dataset_delete", "dataset_delete", gone_set.id)
    editor.call("dataset_get_deleted", "dataset_get", gone_set.id)

    methods = sorted(m for m in dir(PapersWithCodeClient) if not m.startswith("_"))
    with open(out_path, "w") as handle:
        json.dump({"public_methods": methods, "called": sorted(called), "calls": log}, handle, indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:6])
