"""From a paper's tables to the results it reports: the extractor's rules.

For every numeric cell of a table the rules find the dataset and the metric it belongs to
(column headers first, then row labels, the caption, the sentences that cite the table, the
dataset the caption names as one; for a table naming none, the one dataset the paper names
in its title or abstract, else the one of the task a header names, else the one whose own
metrics head the columns) and whether its row is the paper's own method ("ours", the model
named in the title, no citation). For each
(dataset, metric) the paper's headline is its own method's best value; its tasks are those
whose leaderboards on the dataset use the metric (a learning setting's, such as
"Self-Supervised ...", only if the paper says it), or the dataset's, or the one the paper names.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from opensota.evaluations.direction import infer_higher_is_better
from opensota.extraction.cells import ValueCell, value_cells
from opensota.extraction.document import Document, Table
from opensota.extraction.names import Hit, NameIndex, fold, match_metric, metric_tokens
from opensota.extraction.results import ExtractedResult, NameMatch, Provenance
from opensota.extraction.vocabulary import Term, Vocabulary

EXTRACTOR_VERSION = "4"  # bumped when the rules change: `extract --all` reads every paper again

_OURS = re.compile(r"\b(ours|our|proposed|this (?:work|paper)|full model)\b", re.IGNORECASE)
# "seq2seq (our impl.)", "our baseline": a baseline the paper ran itself, not its method.
_OUR_BASELINE = re.compile(r"\bour (?:re-?)?impl|\bour baselines?\b|\b(?:re-?implemented|reimplementation)\b|"
                           r"\bimplemented by us\b", re.IGNORECASE)
_CITED = re.compile(r"et al|\[\d+(?:[,–-]\s*\d+)*\]|\(\d{4}[a-z]?\)|,\s*\d{4}[a-z]?\)|\[cite")
_NOT_RESULTS = re.compile(r"ablation|hyper-?param|statistics?\b|example|annotat|number of (?:sentences|tokens|words)|"
                          r"data ?set sizes|vocabulary size|training time|runtime|speed", re.IGNORECASE)


class Candidate(NamedTuple):
    """A cell the rules read as a result on a (dataset, metric), before one is chosen."""

    own_score: int  # how surely the row is the paper's own method (see _own_score)
    cell: ValueCell
    dataset: Term
    dataset_confidence: float
    metric: Term
    metric_confidence: float
    own: bool
    known: bool  # the dataset is in the vocabulary (not a new-name proposal)


@dataclass
class _Reading:
    """What the rules read of one paper once, shared by all its tables."""

    document: Document
    datasets: NameIndex
    paper_datasets: list[Hit]
    model_names: set[str]
    # Task names the title and abstract use, by how often.
    named_tasks: Counter

    def says_setting(self, task: str) -> bool:
        """Whether the paper's title or abstract writes the learning setting a task's name
        carries ("Self-Supervised Image Classification"); tasks naming none always pass."""
        setting = _SETTING.search(task)
        if setting is None:
            return True
        words = re.escape(setting.group(1).lower()).replace(r"\-", "[- ]?").replace(r"\ ", "[- ]?")
        return re.search(rf"(?<![\w-]){words}", self.head_text) is not None

    @cached_property
    def head_text(self) -> str:
        return f"{self.document.title} {self.document.abstract}".lower()

    @cached_property
    def names_in_text(self) -> set[str]:
        """The datasets the paper names anywhere (read only when a rule asks: it is costly)."""
        text = " ".join([self.document.title, self.document.abstract, self.document.text,
                         *(table.caption for table in self.document.tables)])
        return {hit.term.name for hit in self.datasets.find(text)}


class Extractor:
    """Built once per vocabulary (the name indexes are the costly part), used per paper.

    Two settings follow the leaderboards' convention. `variants`: how many results a paper
    gets per leaderboard, its best and then its other variants marked as its own in the same
    table ("ours (base)"). `tasks`: under how many tasks a result is listed, of those whose
    leaderboard on the dataset uses the metric. Papers with Code lists each variant under
    each task (2 and 2, the defaults); NLP-progress a paper's best under one task (1 and 1)."""

    def __init__(self, vocabulary: Vocabulary, variants: int = 2, tasks: int = 2):
        self.vocabulary = vocabulary
        self.variants = max(1, variants)
        self.tasks_per_result = max(1, tasks)
        metric_words = {word for term in vocabulary.metrics for word in re.findall(r"[A-Za-z]+", term.name)}
        self.datasets = NameIndex(vocabulary.datasets, reserved=metric_words)
        self.tasks = NameIndex(vocabulary.tasks)
        self.metrics_by_name = {term.name: term for term in vocabulary.metrics}
        # Metrics only one dataset's leaderboards use ("CSIG" of VoiceBank + DEMAND), by
        # their folded names: a column they head measures that dataset.
        self.distinctive: dict[str, Term] = {}
        self.datasets_by_name = {term.name: term for term in vocabulary.datasets}
        for metric, datasets in vocabulary.datasets_of_metric().items():
            only = self.datasets_by_name.get(next(iter(datasets)))
            if len(datasets) == 1 and metric in self.metrics_by_name and only is not None:
                for name in (metric, *self.metrics_by_name[metric].aliases):
                    self.distinctive[fold(name)] = only
        self.tasks_by_name = {term.name: term for term in vocabulary.tasks}
        # Datasets whose name extends another's ("ZINC 100k" of "ZINC"), by the shorter name.
        self.narrower: dict[str, list[tuple[Term, set[str]]]] = {}
        by_first: dict[str, list[tuple[Term, str]]] = {}
        for term in vocabulary.datasets:
            folded = fold(term.name)
            if folded:
                by_first.setdefault(folded.split()[0], []).append((term, folded))
        for terms in by_first.values():
            for broad, stem in terms if len(terms) > 1 else ():
                for narrow, folded in terms:
                    if narrow is not broad and folded.startswith(stem + " "):
                        self.narrower.setdefault(broad.name, []).append((narrow, set(folded[len(stem):].split())))

    def candidates(self, document: Document) -> dict[tuple[str, str], list[Candidate]]:
        """Every cell the rules read as a result, by (dataset, metric), before one is chosen:
        how good the choice is can be measured (and learned) apart from the reading."""
        return self._candidates(self._read(document))

    def _read(self, document: Document) -> _Reading:
        head = f"{document.title}. {document.abstract}"
        datasets = self.datasets.with_abbreviations(f"{head} {document.text}")
        named = datasets.find(head) or datasets.find(" ".join(table.caption for table in document.tables))
        named_tasks = Counter(hit.term.name for hit in self.tasks.find(head))
        return _Reading(document, datasets, named, _model_names(document), named_tasks)

    def _candidates(self, reading: _Reading) -> dict[tuple[str, str], list[Candidate]]:
        variants: dict[tuple[str, str], list[Candidate]] = {}
        for table in reading.document.tables:
            for candidate in self._table_candidates(reading, table):
                variants.setdefault((candidate.dataset.name, candidate.metric.name), []).append(candidate)
        return variants

    def extract(self, document: Document) -> list[ExtractedResult]:
        reading = self._read(document)
        variants = self._candidates(reading)
        chosen = {key: max(found, key=lambda c: _rank(c, self._higher_is_better(c.metric)))
                  for key, found in variants.items()}
        picked = list(chosen.values())
        for key, best in chosen.items():
            # The paper's other variants in the same table ("Ours-base" beside "Ours-large"),
            # for leaderboards that list each.
            others = [c for c in variants[key] if c is not best and c.own_score >= 2 and c.cell.table is best.cell.table
                      and c.cell.value != best.cell.value and not _is_development(c.cell)]
            others.sort(key=lambda c: _rank(c, self._higher_is_better(c.metric)), reverse=True)
            picked.extend(others[:self.variants - 1])
        results = []
        tasks_found = Counter()
        for candidate in picked:
            if candidate.known:
                task = self._task(reading, candidate.dataset)[0]
                if task is not None:
                    tasks_found[task.name] += 1
        for _, cell, dataset, dataset_confidence, metric, metric_confidence, own, known in picked:
            tasks = self._tasks(reading, dataset, metric, tasks_found)
            for task, task_confidence, task_how in tasks:
                confidence = round(dataset_confidence * metric_confidence * task_confidence * (0.9 if own else 0.6), 3)
                results.append(ExtractedResult(
                    paper=document.key,
                    task=NameMatch(task.name, task.name, True, task_confidence, task_how),
                    dataset=NameMatch(dataset.name, dataset.name, known, dataset_confidence,
                                      "name in the table" if known else "a name the vocabulary does not know"),
                    metric=NameMatch(cell.column_header or metric.name, metric.name, True, metric_confidence, "column header"),
                    value_text=cell.text, value=cell.value, model=cell.row_header, own=own,
                    provenance=Provenance(cell.table.source or document.source, cell.table.number, cell.table.caption,
                                          cell.row, cell.col, cell.text, cell.table.label, cell.row_header,
                                          cell.column_header),
                    confidence=confidence))
        return results

    def _table_candidates(self, reading: _Reading, table: Table):
        cells = value_cells(reading.document, table)
        if not cells or _NOT_RESULTS.search(_first_sentence(table.caption or "")):
            return
        caption_hits = reading.datasets.find(table.caption)
        mention_hits = reading.datasets.find(table.mentions) if table.mentions else []
        # Where other rows cite their source, a row that cites nothing is the paper's own.
        cites_others = any(cell.row_cites or _CITED.search(cell.row_header) for cell in cells)
        measured_by = self._measured_by(cells)
        dataset_places = self._dataset_places(reading, cells)
        for cell in cells:
            if _COUNT.match(cell.row_header.rpartition(" / ")[2]):
                continue
            found, confidence, known = self._dataset(reading, cell, caption_hits, mention_hits, measured_by,
                                                     dataset_places)
            best = None
            for place, dataset in enumerate(found):
                if dataset.name in self.narrower:
                    dataset = self._narrowest(dataset, cell)
                metric = self._metric(cell, dataset)
                if dataset.name in self.narrower and (metric is None or metric[0].name not in
                                                      self.vocabulary.metrics_of(dataset.name)):
                    dataset, metric = self._narrower_with_metric(dataset, cell, metric)
                if metric is None:
                    continue
                # Names written alike ("ACE2005", "ACE 2005"): the one whose leaderboard for
                # this metric holds most results, else the best-written (first) one.
                results = self.vocabulary.metrics_of(dataset.name).get(metric[0].name, 0)
                if (results or place == 0) and (best is None or results > best[0]):
                    best = (results, dataset, metric)
            if best is None:
                continue
            _, dataset, metric = best
            if _out_of_range(cell, metric[0]):
                continue
            score = _own_score(cell, reading.model_names)
            own = score > 0 or (score == 0 and cites_others)
            yield Candidate(score, cell, dataset, confidence, metric[0], metric[1], own, known)

    def _dataset(self, reading, cell: ValueCell, caption_hits, mention_hits,
                 measured_by: str | None = None, dataset_places: frozenset = frozenset()
                 ) -> tuple[list[Term], float, bool]:
        """The dataset a cell measures (the names written at one place, best-written first),
        its confidence, and whether the vocabulary knows it. `measured_by`: the dataset the
        table's columns name by its own metrics, for a table that names no dataset;
        `dataset_places`: where in their headers the table's columns name known datasets."""
        for text, confidence in ((cell.column_header, 0.95), (cell.row_header, 0.85)):
            hits = reading.datasets.find(text) if text else []
            if hits:
                # The deepest header part names the column's own dataset.
                place = hits[-1].position if text is cell.column_header else hits[0].position
                return [hit.term for hit in hits if hit.position == place], confidence, True
        # "MNLI / Acc" beside "MRPC / Acc" and "RTE / Acc": where its neighbours name their
        # datasets, this column names its own, one the vocabulary lacks; its figures are
        # left out rather than filed under the caption's dataset.
        parts = cell.column_header.split(" / ")
        for at, part in enumerate(parts):
            if (at, len(parts)) in dataset_places and _NEW_NAME.match(part):
                return [], 0.0, False
        for hits, confidence in ((caption_hits, 0.85), (mention_hits, 0.7)):
            one = self._one_dataset(hits)
            if one is not None:
                return [one], confidence, True
        named = self._dataset_named_as_one(reading, cell.table.caption)
        if isinstance(named, Term):
            return [named], 0.8, True
        if named:
            return [Term(named)], 0.4, False
        if _ENDS_ON_NAME.search(cell.table.caption):
            return [], 0.0, False
        one = self._one_dataset(reading.paper_datasets)
        if one is not None:
            return [one], 0.6, True
        one = self._dataset_of_task(reading, cell)
        if one is not None:
            return [one], 0.5, True
        only = self.distinctive.get(fold(cell.column_header.split(" / ")[-1]))
        if only is not None and only.name == measured_by:
            return [only], 0.5, True
        return [], 0.0, False

    def _dataset_places(self, reading: _Reading, cells: list[ValueCell]) -> frozenset:
        """(part, parts) of the column headers ("MRPC / Acc": part 0 of 2) where some column's
        header part is, all of it, the name of a dataset the vocabulary knows."""
        places = set()
        for header in {cell.column_header for cell in cells}:
            parts = header.split(" / ")
            for at, part in enumerate(parts[:-1]):
                hits = reading.datasets.find(part)
                if len(hits) == 1 and fold(hits[0].text) == fold(part):  # the part is a name, all of it
                    places.add((at, len(parts)))
        return frozenset(places)

    def _results(self, dataset: Term) -> int:
        return sum(self.vocabulary.metrics_of(dataset.name).values())

    def _dataset_of_task(self, reading: _Reading, cell: ValueCell) -> Term | None:
        """A column headed by a task ("Dependency Parsing / UAS", "NER / F1") or a caption
        naming one, in a table naming no dataset: the one dataset of that task's leaderboards
        the paper names anywhere."""
        for text in (cell.column_header, cell.table.caption):
            tasks = {hit.term.name for hit in self.tasks.find(text)} if text else set()
            if tasks:
                named = reading.names_in_text
                candidates = {name for task in tasks for name in self.vocabulary.datasets_of_task(task)
                              if name in named}
                return self.datasets_by_name.get(candidates.pop()) if len(candidates) == 1 else None
        return None

    def _one_dataset(self, hits: list[Hit]) -> Term | None:
        """The one dataset a text names, if it names one. "CNN/Daily Mail" names the family
        of its versions as one, which the cell's headers or metric narrow later; names
        written alike at one place ("CoNLL-2003", "CoNLL 2003 (English)") are one name, the
        one with most results standing for it."""
        names = {hit.term.name for hit in hits}
        narrower = {narrow.name for broad in names if broad in self.narrower for narrow, _ in self.narrower[broad]}
        by_place: dict[int, Term] = {}
        for hit in hits:
            held = by_place.get(hit.position)
            if hit.term.name not in narrower and (held is None or self._results(hit.term) > self._results(held)):
                by_place[hit.position] = hit.term
        distinct = {term.name: term for term in by_place.values()}
        return next(iter(distinct.values())) if len(distinct) == 1 else None

    def _measured_by(self, cells: list[ValueCell]) -> str | None:
        """The one dataset whose own metrics head two columns or more ("CSIG", "CBAK",
        "COVL": VoiceBank + DEMAND), however the table leaves the dataset unnamed."""
        by_dataset: dict[str, set[str]] = {}
        for header in {cell.column_header.split(" / ")[-1] for cell in cells}:
            only = self.distinctive.get(fold(header))
            if only is not None:
                by_dataset.setdefault(only.name, set()).add(fold(header))
        named = [name for name, headers in by_dataset.items() if len(headers) >= 2]
        return named[0] if len(named) == 1 else None

    def _narrowest(self, dataset: Term, cell: ValueCell) -> Term:
        """"ZINC" under a header that also says "100K" is the leaderboard's "ZINC 100k"."""
        context = set(fold(f"{cell.column_header} {cell.row_header} {cell.table.caption}").split())
        fitting = [(len(rest), narrow) for narrow, rest in self.narrower[dataset.name] if rest <= context]
        return max(fitting, key=lambda pair: pair[0])[1] if fitting else dataset

    def _narrower_with_metric(self, dataset: Term, cell: ValueCell, metric):
        """"Penn Treebank" measured in test perplexity is the leaderboard "Penn Treebank
        (Word Level)": the narrower dataset with most results whose leaderboards use the
        metric the cell's headers name."""
        best = None
        for narrow, _ in self.narrower[dataset.name]:
            found = self._metric(cell, narrow, only_known=True)
            if found is not None:
                results = sum(self.vocabulary.metrics_of(narrow.name).values())
                if best is None or results > best[0]:
                    best = (results, narrow, found)
        return (best[1], best[2]) if best else (dataset, metric)

    def _dataset_named_as_one(self, reading: _Reading, caption: str) -> Term | str | None:
        """The dataset a caption names in so many words ("results on the FriendsQA dataset"),
        among the other names it cites: the known one, or the name the vocabulary lacks,
        kept as a new-name proposal."""
        for found in _NAMED_DATASET.finditer(caption):
            name = found.group(1).strip()
            if set(fold(name).split()) <= _NOT_NAMES or self.tasks.find(name):
                continue
            hits = reading.datasets.find(name)
            if not hits:
                return name
            one = self._one_dataset(hits)
            if one is not None:
                return one
        return None

    def _metric(self, cell: ValueCell, dataset: Term, only_known: bool = False) -> tuple[Term, float] | None:
        """The metric the cell's headers name, among the dataset's leaderboards' metrics
        (among all metrics when the dataset has none, unless `only_known`)."""
        names = self.vocabulary.metrics_of(dataset.name)
        candidates = [self.metrics_by_name[n] for n in names if n in self.metrics_by_name]
        if not candidates and not only_known:
            candidates = self.vocabulary.metrics
        for header, context in ((cell.column_header, cell.table.caption), (cell.row_header, cell.table.caption)):
            if header:
                found = match_metric(header, candidates, context, self.vocabulary.metric_results())
                if found:
                    return self._as_the_dataset_names_it(found, names, cell)
        # A column headed by the dataset's name alone ("SVHN") under a caption naming the
        # table's one metric ("Error rates of ..."): the caption's metric.
        if names and _folded(cell.column_header.split(" / ")[-1]) in {
                _folded(name) for name in (dataset.name, *dataset.aliases)}:
            found = match_metric(cell.table.caption, candidates, "", self.vocabulary.metric_results())
            if found:
                return self._as_the_dataset_names_it((found[0], 0.6), names, cell)
        return None

    def _as_the_dataset_names_it(self, found: tuple[Term, float], names: dict[str, int],
                                 cell: ValueCell) -> tuple[Term, float]:
        """A header's plain "Accuracy" or "MPJPE" is the fuller name the dataset's leaderboards
        mostly use for it ("Overall Accuracy" on ModelNet40, "Average MPJPE (mm)" on
        Human3.6M), unless the fuller name's other words name another split than the cell's."""
        metric, confidence = found
        words = set(metric_tokens(metric.name))
        best, most = metric, names.get(metric.name, 0)
        split = _split_of(f"{cell.column_header} {cell.row_header} {cell.table.caption}")
        for name, results in names.items():
            fuller = set(metric_tokens(name))
            if results > most and fuller > words and fuller - words <= _QUALIFIERS and name in self.metrics_by_name:
                other = _split_of(" ".join(fuller - words))
                if other is None or split is None or other == split:
                    best, most = self.metrics_by_name[name], results
        return best, confidence

    def _higher_is_better(self, metric: Term) -> bool:
        if metric.higher_is_better is not None:
            return metric.higher_is_better
        return infer_higher_is_better(metric.name) is not False

    def _tasks(self, reading: _Reading, dataset: Term, metric: Term, tasks_found: Counter) -> list[tuple]:
        """The tasks a result is listed under: those whose leaderboard on this dataset uses
        this metric, most results first (up to `tasks`); else the dataset's task, else the
        paper's other results' task."""
        boards = self.vocabulary.tasks_for(dataset.name, metric.name)
        # Leaderboards of a learning setting the paper does not say are not its own.
        boards = {name: results for name, results in boards.items() if reading.says_setting(name)}
        if boards:
            confidence = 0.9 if len(boards) == 1 else 0.7
            named = reading.named_tasks
            ranked = sorted(boards, key=lambda name: (named.get(name, 0), boards[name]),
                            reverse=True)[:self.tasks_per_result]
            return [(Term(name), confidence, "the leaderboards of the dataset and metric") for name in ranked]
        task, confidence, how = self._task(reading, dataset)
        if task is None and tasks_found:
            task, confidence, how = Term(tasks_found.most_common(1)[0][0]), 0.5, "the paper's other results"
        return [(task, confidence, how)] if task is not None else []

    def _task(self, reading: _Reading, dataset: Term) -> tuple[Term | None, float, str]:
        known = self.vocabulary.tasks_of(dataset.name)
        named, by_name = reading.named_tasks, self.tasks_by_name
        if known:
            ranked = sorted(known, key=lambda name: (named.get(name, 0), known[name]), reverse=True)
            return by_name.get(ranked[0], Term(ranked[0])), (0.9 if len(known) == 1 else 0.7), "the dataset's leaderboards"
        filed = self.vocabulary.dataset_tasks.get(dataset.name, ())
        if filed:
            ranked = sorted(filed, key=lambda name: named.get(name, 0), reverse=True)
            return by_name.get(ranked[0], Term(ranked[0])), (0.8 if len(filed) == 1 else 0.6), "the dataset's task"
        if named:
            return by_name[named.most_common(1)[0][0]], 0.6, "named in the title or abstract"
        return None, 0.0, ""


# fold(), remembered: the same headers and names come back for every cell (bounded, as
# headers differ from paper to paper).
_folded = lru_cache(maxsize=50_000)(fold)


def _first_sentence(caption: str) -> str:
    """What a table is, as its caption says first: "CoNLL-2003 NER results. The
    hyperparameters were selected on Dev" is a results table, "Utterance statistics" is not."""
    return _SENTENCE_END.split(caption, maxsplit=1)[0]


_SENTENCE_END = re.compile(r"(?<![A-Z.][a-z])(?<!\b[A-Za-z])\.\s+(?=[A-Z\"“‘'])")


def _rank(candidate: Candidate, higher_is_better: bool) -> tuple:
    """The paper's own rows first (one sign is enough: "Ours" and "Ours + dynamic eval"
    are both its own, and the better is its headline), cited rows last; then test figures
    before development ones; then bold (papers bold their best); then the earlier table
    (main results come first, ablations and analyses after); then a column of the whole
    ("Total / PCK" beside "Sports / PCK"); then the better value by the metric's direction."""
    own, cell = candidate.own_score, candidate.cell
    value = cell.value if higher_is_better else -cell.value
    return (min(own, 1), not _is_development(cell), cell.bold, -cell.table.number, _of_the_whole(cell), value)


def _of_the_whole(cell: ValueCell) -> bool:
    """The column reports all of the test set, not one of its categories or scenes."""
    parts = cell.column_header.split(" / ")
    return any(_WHOLE.fullmatch(part.strip()) for part in parts[:-1] or parts)


_WHOLE = re.compile(r"total|all|overall|average|avg\.?|mean", re.IGNORECASE)


# "on the FriendsQA dataset", "on SLURP test set": a dataset named as one.
_NAMED_DATASET = re.compile(r"\b(?:on|of|for) (?:the )?((?:[A-Z][\w.+&-]*)(?: [A-Z0-9][\w.+&-]*){0,3})"
                            r"(?: \w+)? (?:dataset|benchmark|corpus|test set|data set)\b")
# "F-Score of ROUGE on LCSTS.": the caption names its dataset, one the vocabulary lacks;
# too unsure a name to propose, but it rules out the paper's other dataset.
_ENDS_ON_NAME = re.compile(r"\bon (?:the )?([A-Z][\w+&-]*[A-Z0-9][\w+&-]*)\s*(?:[.;:]|$)")
_NOT_NAMES = {"test", "dev", "val", "validation", "development", "all", "full", "our", "the", "thi", "each", "different",
              "several", "both", "three", "two", "four", "five", "six", "public", "standard", "original", "same", "new",
              "dataset", "data", "benchmark", "experimental", "experiment", "result", "various", "other", "these",
              "those", "real", "synthetic", "large", "small", "training", "evaluation", "main", "proposed"}
# A header part that can be a dataset's name: capitalised, not starting with a figure.
_NEW_NAME = re.compile(r"^(?=.*[A-Z])(?!\d)[\w][\w.+&' -]{1,40}$")
# The learning setting a task's name carries: only papers that say it compete under it.
_SETTING = re.compile(r"\b(self-supervised|semi-supervised|weakly[- ]supervised|unsupervised|supervised|few-shot|"
                      r"zero-shot|one-shot)\b", re.IGNORECASE)
# Rows that are reference points, never the paper's method.
# A word of its own: "dyn-oracle" (a training method) is not an oracle row.
_REFERENCE_POINT = re.compile(r"(?<![\w-])(human|oracle|upper[- ]bound|random|majority|chance|ground[- ]truth)(?![\w-])",
                              re.IGNORECASE)
_DEVELOPMENT = re.compile(r"\b(dev|development|valid|validation|val)\b", re.IGNORECASE)
_TEST = re.compile(r"\btest\b", re.IGNORECASE)


# Words a fuller metric name adds without measuring anything else ("PA-MPJPE" is another
# metric than "MPJPE"; "Average MPJPE (mm)" is the same).
_QUALIFIERS = {"average", "avg", "mean", "overall", "test", "validation", "val", "dev", "development", "top", "1",
               "mm", "cm", "score", "number", "of", "total", "accuracy"}


def _split_of(text: str) -> str | None:
    """The split a text names ("test" or "development"), if any; "test" where it names both."""
    if _names_development(text):
        return "development"
    return "test" if _TEST.search(text) else None


def _names_development(text: str) -> bool:
    return bool(_DEVELOPMENT.search(text)) and not _TEST.search(text)


def _is_development(cell: ValueCell) -> bool:
    """A figure on the development split (the leaderboards want test figures)."""
    return any(_names_development(header) for header in (cell.column_header, cell.row_header, cell.table.caption))


# A row counting things ("#Edges", "# Params"), however the table's columns are headed.
_COUNT = re.compile(r"\s*#\s*[^\W\d_]")
# Metrics that are a share of something (of right answers, of overlap): never above 100.
_SHARE = re.compile(r"\b(?:acc(?:uracy)?|precision|recall|f1|em|exact match|iou|miou|map|ap|auc|bleu|rouge|"
                    r"hits?|pck|r@\d+|top[- ]?\d+)\b", re.IGNORECASE)


def _out_of_range(cell: ValueCell, metric: Term) -> bool:
    """A figure no score of the metric can be: "1,703" (a count of features) as an accuracy."""
    return cell.value > 100 and _SHARE.search(metric.name) is not None


def _own_score(cell: ValueCell, model_names: set[str]) -> int:
    """How surely the cell's method is the paper's own: "ours" or the paper's model name in
    its row label, less when the label cites a source. "Ours" in the column header counts
    too, for tables with one method per column."""
    label = cell.row_header
    score = 0
    if (_OURS.search(label) or _OURS.search(cell.column_header.split(" / ")[-1])) and not _OUR_BASELINE.search(label):
        score += 2
    folded = fold(label)
    if set(folded.split()) & model_names or any(" " in name and f" {name} " in f" {folded} " for name in model_names):
        score += 1
    if cell.row_cites or _CITED.search(label):
        score -= 2
    if _REFERENCE_POINT.search(label):
        score -= 2
    return score


_MODEL_NAME = re.compile(r"\b([A-Z][A-Za-z]*[A-Z][A-Za-z0-9-]*|[A-Z]{2,}[a-z]*\d*)\b")


def _model_names(document: Document) -> set[str]:
    """Capitalised coinages of the title and abstract ("GCNN", "BiDAF") and the name a title
    gives before its colon ("Ruminating Reader: Reasoning with ..."): likely the paper's own
    model, so rows named after them are its own results."""
    text = f"{document.title} {document.abstract}"
    names = {fold(name) for name in _MODEL_NAME.findall(text) if len(name) >= 3}
    named = _TITLE_NAME.match(document.title)
    if named:
        names.add(fold(named.group(1)))
    return names


# "Ruminating Reader: Reasoning with Gated Multi-Hop Attention": a name of one to four words.
_TITLE_NAME = re.compile(r"\s*([A-Z][\w-]*(?: [\w-]+){0,3}):\s")

