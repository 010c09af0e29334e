"""The names extracted results are linked to: tasks, datasets, metrics and the leaderboards
(task, dataset, metric) that exist.

In the product this is read from the catalog's taxonomy and evaluation tables
(`extraction.stage.vocabulary_from_database`); a benchmark brings its own (NLP-TDMS's `kb/`).
Plain data, so the linker of names is tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    """A known name and the other ways it is written (full name, synonyms, abbreviations)."""

    name: str
    aliases: tuple[str, ...] = ()
    # Metrics only: True when a higher value is better, None when not known.
    higher_is_better: bool | None = None


@dataclass
class Vocabulary:
    tasks: list[Term] = field(default_factory=list)
    datasets: list[Term] = field(default_factory=list)
    metrics: list[Term] = field(default_factory=list)
    # Known leaderboards: (task, dataset, metric) names that go together, with how many
    # results each has. A dataset's tasks and metrics are read from here.
    leaderboards: dict[tuple[str, str, str], int] = field(default_factory=dict)
    # The tasks the taxonomy files each dataset under, leaderboard or not: a result on a
    # dataset nobody has ranked yet still has a task.
    dataset_tasks: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def tasks_of(self, dataset: str) -> dict[str, int]:
        return self._index()["tasks"].get(dataset, {})

    def metrics_of(self, dataset: str) -> dict[str, int]:
        return self._index()["metrics"].get(dataset, {})

    def tasks_for(self, dataset: str, metric: str) -> dict[str, int]:
        """The tasks with a leaderboard on `dataset` that uses `metric`, with their results."""
        return self._index()["boards"].get((dataset, metric), {})

    def datasets_of_task(self, task: str) -> set[str]:
        """The datasets with a leaderboard of `task`, or filed under it."""
        return self._index()["task datasets"].get(task, set())

    def datasets_of_metric(self) -> dict[str, set[str]]:
        """Every metric with the datasets whose leaderboards use it."""
        return self._index()["datasets"]

    def metric_results(self) -> dict[str, int]:
        """Every metric with the number of results all its leaderboards hold."""
        return self._index()["results"]

    def _index(self) -> dict:
        cached = self.__dict__.get("_by_dataset")
        size = (len(self.leaderboards), len(self.dataset_tasks))
        if cached is None or cached[0] != size:
            index: dict = {"tasks": {}, "metrics": {}, "boards": {}, "results": {}, "datasets": {},
                           "task datasets": {}}
            for (task, dataset, metric), count in self.leaderboards.items():
                tasks = index["tasks"].setdefault(dataset, {})
                tasks[task] = tasks.get(task, 0) + count
                metrics = index["metrics"].setdefault(dataset, {})
                metrics[metric] = metrics.get(metric, 0) + count
                index["boards"].setdefault((dataset, metric), {})[task] = count
                index["results"][metric] = index["results"].get(metric, 0) + count
                index["datasets"].setdefault(metric, set()).add(dataset)
                index["task datasets"].setdefault(task, set()).add(dataset)
            for dataset, tasks in self.dataset_tasks.items():
                for task in tasks:
                    index["task datasets"].setdefault(task, set()).add(dataset)
            cached = (size, index)
            self.__dict__["_by_dataset"] = cached
        return cached[1]
