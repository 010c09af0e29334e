"""Score the result extractor on benchmark folders, with AxCell's rule.

    python bench/extraction_eval.py [--data DIR ...] [--errors N] [--limit N] [--cross N] [--by-confidence] [--speed]

A folder is read by its layout:
- NLP-TDMS (`annotations/resultsAnnotation.tsv`, `pdfFile_table/*.json`, `kb/`): tables
  parsed from PDFs, linked to the benchmark's own knowledge base. Which tasks, datasets
  and metrics go together is read from the names (headings, table headers; never the
  results) of NLP-progress's pages (`--leaderboards`), which NLP-TDMS's KB was made from,
  mapped onto the KB's names by the extractor's own name linker.
- SOTA? (CLEF 2024) (`labels.jsonl`, `tex/`): LaTeX sources; the validation papers are
  scored, and the vocabulary is built from the labels of the other (training) papers
  (`--more-leaderboards` adds more, leaving out the scored papers' lines). `--cross N`
  scores the 1,400 training papers instead, in N parts, each with a vocabulary from the
  other parts' labels: a larger second opinion.

The extractor follows each gold's convention: NLP-TDMS (from NLP-progress) keeps a paper's
best result per leaderboard under one task (variants=1, tasks=1); SOTA? (from Papers with
Code) each variant under each task whose leaderboard it fits (2 and 2: the best and the
paper's next own variant in the same table, under up to two tasks).

A prediction is right when (task, dataset, metric) equal the gold's names exactly and the
value equals the gold score after normalisation (a decimal comma, a "%" sign, and the
same number written as a fraction or a percentage: 0.853 = 85.3%, compared to the gold's
precision). Gold tuples whose score is not a number ("-", empty) cannot be matched and
are left out; their count is printed. Prints micro- and macro-F1 (macro over papers with
a gold tuple or a prediction), the task-dataset-metric-only F1, the micro-F1 the same
predictions would reach had each taken the right value among the cells read for its
leaderboard (what is left to the choice of value), the ceiling (share of gold scores that
occur in the source at all) and papers/s (reading plus extraction).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from opensota.extraction.extractor import Extractor  # noqa: E402
from opensota.extraction.grobid import read_grobid  # noqa: E402
from opensota.extraction.names import NameIndex, fold, match_metric  # noqa: E402
from opensota.extraction.vocabulary import Term, Vocabulary  # noqa: E402

DATA = HERE.parent.parent / "shared" / "data"
DEFAULT_SETS = [DATA / "extraction" / "nlp-tdms", DATA / "extraction" / "sota-clef24"]


# ---------------------------------------------------------------- values

def decimal_of(text: str) -> Decimal | None:
    text = str(text).strip().replace("%", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    text = text.replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def same_value(predicted: float, gold: Decimal) -> bool:
    exponent = gold.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    for candidate in (predicted, predicted * 100, predicted / 100):
        try:
            if round(Decimal(repr(candidate)), places) == gold:
                return True
        except InvalidOperation:  # inf, or more digits than a Decimal holds: no score is
            continue
    return False


# ---------------------------------------------------------------- benchmark layouts

@dataclass
class Fold:
    """Papers scored against one vocabulary: a benchmark has one; a cross-validation has one
    per part, each with the vocabulary of the other parts' labels."""
    vocabulary: Vocabulary
    papers: object  # () -> iterable of (key, () -> Document)


@dataclass
class Benchmark:
    name: str
    folds: list[Fold]
    gold: dict
    source_numbers: object  # Document -> set[Decimal]
    closed: bool
    variants: int


def nlp_tdms(folder: Path, leaderboards: Path):
    kb = folder / "kb"
    tasks = [Term(line.split("\t")[1].strip(), (line.split("\t")[1].replace("_", " "),))
             for line in (kb / "taskKB.tsv").read_text().splitlines() if line.strip()]
    datasets = [Term(line.split("\t")[1].strip()) for line in (kb / "datasetKB.tsv").read_text().splitlines()
                if line.strip()]
    metrics = [Term(parts[1].strip(), higher_is_better=parts[2].strip() == "1")
               for parts in (line.split("\t") for line in (kb / "evaMatrixKB.tsv").read_text().splitlines())
               if len(parts) >= 3]
    boards, filed = _kb_leaderboards(tasks, datasets, metrics, leaderboards)
    vocabulary = Vocabulary(tasks, datasets, metrics, boards, filed)
    gold: dict[str, list[tuple[str, str, str, str]]] = {}
    for line in (folder / "annotations" / "resultsAnnotation.tsv").read_text().splitlines():
        name, _, tuples = line.partition("\t")
        key = name[:-4] if name.endswith(".pdf") else name
        gold[key] = [tuple(t.split("#")[:4]) for t in tuples.split("$") if t.count("#") >= 3]

    def papers():
        for path in sorted((folder / "pdfFile_table").glob("*.json")):
            yield path.stem, (lambda p=path: read_grobid(p))

    def source_numbers(document) -> set[Decimal]:
        found = set()
        for cells in document.referenced_cells.values():
            for cell in cells:
                value = decimal_of(re.split(r"[^\d.,%-]", cell.text.strip() or "x")[0] or "x")
                if value is not None:
                    found.add(value)
        return found

    return Benchmark("NLP-TDMS", [Fold(vocabulary, papers)], gold, source_numbers, True, 1)


def _kb_leaderboards(tasks, datasets, metrics, folder: Path) -> tuple[dict, dict]:
    """(task, dataset, metric) of NLP-progress's tables, named with the KB's names, and the
    tasks each dataset is filed under (its headings, with a table or not: SQuAD's section
    only links to its own leaderboard).

    Only the names are read (the file or `##` heading is the task, the `###`/`####`
    headings the dataset, the table's header row the metrics, the section's prose the
    words a short column name leaves out: "Request" under "evaluated based on accuracy"
    is "Request Accuracy"), never the results."""
    task_index, dataset_index = NameIndex(tasks), NameIndex(datasets)
    exact = {fold(term.name): term for term in datasets}
    found: Counter = Counter()
    filed: dict[str, set[str]] = {}

    def dataset_of(headings):
        for name in (f"{headings[3]} ({headings[4]})", headings[4]):
            if exact.get(fold(name)):
                return exact[fold(name)]
        # "### CNN / Daily Mail" then "#### Non-Anonymized: Abstractive Models": the KB's
        # narrower dataset sharing most words with the subheading.
        stem, words = fold(headings[3]), set(fold(headings[4]).split())
        narrower = [(len(words & set(name[len(stem):].split())), -len(name), term) for name, term in exact.items()
                    if stem and name.startswith(stem + " ")]
        if words and narrower and max(narrower, key=lambda n: n[:2])[0] > 0:
            return max(narrower, key=lambda n: n[:2])[2]
        if exact.get(stem):
            return exact[stem]
        hits = dataset_index.find(f"{headings[3]} {headings[4]}")
        return hits[0].term if hits else None

    for path in sorted(folder.rglob("*.md")):
        headings = {2: path.stem.replace("_", " "), 3: "", 4: ""}
        task, dataset = _first_term(task_index, headings[2]), None  # what the headings above name
        prose: list[str] = []
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for number, line in enumerate(lines):
            heading = re.match(r"(#{2,4})\s+(.*)", line)
            if heading:
                level = len(heading.group(1))
                headings[level] = heading.group(2).split(":")[0].strip()
                for deeper in range(level + 1, 5):
                    headings[deeper] = ""
                prose = []
                task = _first_term(task_index, headings[2]) or _first_term(task_index, path.stem.replace("_", " "))
                dataset = dataset_of(headings)
                if task and dataset is not None:
                    filed.setdefault(dataset.name, set()).add(task)
                continue
            following = lines[number + 1] if number + 1 < len(lines) else ""
            if not line.startswith("|") or not re.match(r"\|\s*:?-{3}", following):
                if not line.startswith("|"):
                    prose.append(line)
                continue  # a table's header row is the line above its | --- | rule
            first_row = lines[number + 2] if number + 2 < len(lines) else ""
            if not re.search(r"\d", "|".join(first_row.strip().strip("|").split("|")[1:])):
                continue  # a table of examples ("| Question | SQL query |"), not of results
            if not task or dataset is None:
                continue
            for column in [c.strip() for c in line.strip().strip("|").split("|")][1:]:
                metric = match_metric(column, metrics, " ".join(prose))
                if metric:
                    found[(task, dataset.name, metric[0].name)] += 1
    return dict(found), {name: tuple(sorted(tasks)) for name, tasks in filed.items()}


def _first_term(index: NameIndex, text: str) -> str | None:
    hits = index.find(text)
    return hits[0].term.name if hits else None


def sota_clef(folder: Path, extra: list[Path], cross: int = 0) -> Benchmark:
    """The validation papers, with a vocabulary from the training papers' labels; or, with
    `cross` = N, the training papers in N parts, each scored with a vocabulary from the
    labels of the other parts (never the validation papers'): 14 times as many papers as
    the validation set, for telling a rule that generalises from one that fits 100 papers."""
    from opensota.extraction.latex import read_latex

    labels = [json.loads(line) for line in (folder / "labels.jsonl").read_text().splitlines() if line.strip()]
    train = sorted((label for label in labels if label["split"] != "validation"), key=lambda label: label["arxiv_id"])
    validation = [label for label in labels if label["split"] == "validation"]
    extra_boards = _extra_leaderboards(extra, {label["arxiv_id"].lower() for label in validation})
    if cross:
        parts = [train[i::cross] for i in range(cross)]
        folds = [Fold(_label_vocabulary([l for j, p in enumerate(parts) if j != i for l in p], extra_boards),
                      _tex_papers(folder, part, read_latex))
                 for i, part in enumerate(parts)]
        scored, name = train, f"SOTA? (CLEF 2024) training, {cross}-fold"
    else:
        folds = [Fold(_label_vocabulary(train, extra_boards), _tex_papers(folder, validation, read_latex))]
        scored, name = validation, "SOTA? (CLEF 2024) validation"
    gold = {label["arxiv_id"]: [(b["task"], b["dataset"], b["metric"], b["score"]) for b in label["leaderboards"]]
            for label in scored}

    def source_numbers(document) -> set[Decimal]:
        path = folder / "tex" / f"{document.key}.tex.gz"
        text = gzip.open(path, "rt", encoding="utf-8", errors="replace").read() if path.exists() else ""
        return {d for d in (decimal_of(m) for m in re.findall(r"\d+(?:[.,]\d+)?", text)) if d is not None}

    return Benchmark(name, folds, gold, source_numbers, False, 2)


def _extra_leaderboards(paths: list[Path], scored: set[str]) -> Counter:
    """More leaderboards in the tab-separated NLP-TDMS format, never the scored papers'."""
    boards: Counter = Counter()
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            name, _, tuples = line.partition("\t")
            if re.sub(r"v\d+$", "", name.removesuffix(".pdf")).lower() in scored:
                continue
            for entry in tuples.split("$"):
                parts = entry.split("#")
                if len(parts) >= 3 and all(parts[:3]):
                    boards[tuple(parts[:3])] += 1
    return boards


def _label_vocabulary(labels: list[dict], extra_boards: Counter) -> Vocabulary:
    boards: Counter = Counter()
    for label in labels:
        for board in label["leaderboards"]:
            boards[(board["task"], board["dataset"], board["metric"])] += 1
    boards.update(extra_boards)
    return Vocabulary(
        tasks=[Term(name) for name in sorted({t for t, _, _ in boards})],
        datasets=[Term(name) for name in sorted({d for _, d, _ in boards})],
        metrics=[Term(name) for name in sorted({m for _, _, m in boards})],
        leaderboards=dict(boards))


def _tex_papers(folder: Path, labels: list[dict], read_latex):
    def papers():
        for label in labels:
            yield label["arxiv_id"], (lambda p=folder / label["tex"]: read_latex(p))
    return papers


# ---------------------------------------------------------------- scoring

def score(benchmark: Benchmark, errors: int, limit: int | None, by_confidence: bool = False) -> dict:
    """`benchmark.closed`: the vocabulary is the benchmark's whole taxonomy (NLP-TDMS's KB), so a
    result naming a task, dataset or metric outside it is a new-name proposal for a
    moderator and can never be a gold tuple: it is counted, not scored. `variants`: results
    per paper and leaderboard, as the benchmark's gold keeps them (NLP-TDMS, from
    NLP-progress, keeps a paper's best; SOTA?, from Papers with Code, each variant)."""
    name, gold, source_numbers = benchmark.name, benchmark.gold, benchmark.source_numbers
    closed, variants = benchmark.closed, benchmark.variants
    tp = fp = fn = 0
    tdm_tp = tdm_fp = tdm_fn = 0
    oracle_tp = 0
    unscorable = in_source = scorable = new_names = 0
    per_paper_f1 = []
    mistakes = []
    judged = []  # (confidence, right) of every prediction scored
    seconds = 0.0
    count = 0
    keys = {key.lower(): key for key in gold}
    extractors = [Extractor(fold.vocabulary, variants=variants, tasks=variants) for fold in benchmark.folds]
    papers = ((extractor, key, read) for extractor, fold in zip(extractors, benchmark.folds) for key, read in fold.papers())
    for extractor, key, read in papers:
        if limit and count >= limit:
            break
        count += 1
        started = time.perf_counter()
        document = read()
        document.key = key
        predictions = extractor.extract(document)
        seconds += time.perf_counter() - started
        if closed:
            new_names += sum(not _known(r) for r in predictions)
            predictions = [r for r in predictions if _known(r)]
        gold_tuples = gold.get(keys.get(key.lower(), key), [])
        numbers = source_numbers(document)
        wanted = []
        for task, dataset, metric, value in gold_tuples:
            gold_value = decimal_of(value)
            if gold_value is None:
                unscorable += 1
                continue
            scorable += 1
            in_source += any(same_value(float(n), gold_value) for n in numbers)
            wanted.append((task, dataset, metric, gold_value))
        matched = set()
        paper_tp = 0
        for result in predictions:
            hit = next((i for i, g in enumerate(wanted) if i not in matched and g[:3] == result.tuple()[:3]
                        and same_value(result.value, g[3])), None)
            judged.append((result.confidence, hit is not None))
            if hit is None:
                mistakes.append(f"  FP {key}: {result.task.name} | {result.dataset.name} | {result.metric.name} | "
                                f"{result.value_text}  (table {result.provenance.table}, row '{result.model[:40]}')")
            else:
                matched.add(hit)
                paper_tp += 1
        for i, g in enumerate(wanted):
            if i not in matched:
                mistakes.append(f"  FN {key}: {g[0]} | {g[1]} | {g[2]} | {g[3]}")
        # The same predictions had each taken the right one of the cells read for its leaderboard.
        candidates = extractor.candidates(document)
        chosen_well = set()
        for result in predictions:
            values = [c.cell.value for c in candidates.get((result.dataset.name, result.metric.name), ())]
            hit = next((i for i, g in enumerate(wanted) if i not in chosen_well and g[:3] == result.tuple()[:3]
                        and any(same_value(v, g[3]) for v in values)), None)
            if hit is not None:
                chosen_well.add(hit)
        oracle_tp += len(chosen_well)
        tp += paper_tp
        fp += len(predictions) - paper_tp
        fn += len(wanted) - paper_tp
        predicted_tdm = {r.tuple()[:3] for r in predictions}
        gold_tdm = {g[:3] for g in wanted}
        tdm_tp += len(predicted_tdm & gold_tdm)
        tdm_fp += len(predicted_tdm - gold_tdm)
        tdm_fn += len(gold_tdm - predicted_tdm)
        if wanted or predictions:
            per_paper_f1.append(_f1(paper_tp, len(predictions) - paper_tp, len(wanted) - paper_tp)[2])
    precision, recall, f1 = _f1(tp, fp, fn)
    figures = {
        "set": name, "papers": count, "variants per leaderboard, tasks per result": f"{variants}, {variants}", "gold tuples scored": scorable, "gold tuples without a number": unscorable,
        "predictions": tp + fp, "true positives": tp,
        **({"new-name proposals (not scored: closed KB)": new_names} if closed else {}), "precision": precision, "recall": recall, "micro F1": f1,
        "macro F1": sum(per_paper_f1) / len(per_paper_f1) if per_paper_f1 else 0.0,
        "TDM-only F1": _f1(tdm_tp, tdm_fp, tdm_fn)[2],
        "micro F1 choosing each value right": _f1(oracle_tp, tp + fp - oracle_tp, scorable - oracle_tp)[2],
        "ceiling (gold scores found in the source)": in_source / scorable if scorable else 0.0,
        "papers/s": count / seconds if seconds else 0.0,
    }
    print(f"\n== {name}")
    for label, value in figures.items():
        print(f"{label:>45}: {value:.3f}" if isinstance(value, float) else f"{label:>45}: {value}")
    if by_confidence:
        _print_by_confidence(judged)
    if errors:
        print(f"errors (first {errors} of {len(mistakes)}):")
        print("\n".join(mistakes[:errors]))
    return figures


CONFIDENCE_BANDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7)


def _print_by_confidence(judged: list[tuple[float, bool]]) -> None:
    """How often a prediction is right in each band of confidence, and at or above each
    band's floor: what an instance gets from an OPENSOTA_EXTRACT_ACCEPT threshold."""
    print(f"  {'confidence':>10} {'predictions':>11} {'right':>6} {'precision':>9} | "
          f"{'at or above':>11} {'right':>6} {'precision':>9}")
    for low, high in zip(CONFIDENCE_BANDS, (*CONFIDENCE_BANDS[1:], 1.01)):
        band = [right for confidence, right in judged if low <= confidence < high]
        above = [right for confidence, right in judged if confidence >= low]
        print(f"  {f'{low:.1f}-{min(high, 1.0):.1f}':>10} {len(band):11d} {sum(band):6d} {_share(band):>9} | "
              f"{len(above):11d} {sum(above):6d} {_share(above):>9}")


def _share(rights: list[bool]) -> str:
    return f"{sum(rights) / len(rights):.3f}" if rights else "-"


def _known(result) -> bool:
    return result.task.known and result.dataset.known and result.metric.known


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append", help="benchmark folder (repeatable)")
    parser.add_argument("--leaderboards", type=Path,
                        help="NLP-progress's folder of task pages, whose headings and table headers give NLP-TDMS's "
                             "task/dataset/metric combinations (default: ../shared/data/nlp-progress)")
    parser.add_argument("--more-leaderboards", type=Path, action="append",
                        default=[],
                        help="resultsAnnotation.tsv files whose (task, dataset, metric) join the SOTA? vocabulary "
                             "(the scored papers' own lines are skipped). ORKG-TDM's (../shared/data/extraction/"
                             "orkg-tdm/) add noisy near-duplicate names and cost 0.026 micro-F1, so none by default")
    parser.add_argument("--errors", type=int, default=30, help="how many errors to list")
    parser.add_argument("--limit", type=int, help="score only the first N papers of each set")
    parser.add_argument("--cross", type=int, default=0, metavar="N",
                        help="score SOTA?'s training papers instead, in N parts, each with a vocabulary from the "
                             "other parts' labels (a larger second opinion than the 100 validation papers)")
    parser.add_argument("--by-confidence", action="store_true",
                        help="also print how often predictions are right by band of confidence")
    parser.add_argument("--speed", action="store_true",
                        help="also time reading and extraction over every LaTeX source of the folder")
    args = parser.parse_args(argv)
    leaderboards = args.leaderboards or DATA / "nlp-progress"
    for folder in args.data or DEFAULT_SETS:
        if (folder / "annotations" / "resultsAnnotation.tsv").exists():
            benchmark = nlp_tdms(folder, leaderboards)
        elif (folder / "labels.jsonl").exists():
            benchmark = sota_clef(folder, args.more_leaderboards, cross=args.cross)
        else:
            print(f"{folder}: not a benchmark folder (no annotations/resultsAnnotation.tsv, no labels.jsonl)",
                  file=sys.stderr)
            return 2
        score(benchmark, errors=args.errors, limit=args.limit, by_confidence=args.by_confidence)
        if args.speed and (folder / "tex").is_dir():
            speed(folder, benchmark.folds[0].vocabulary)
    return 0


def speed(folder: Path, vocabulary) -> None:
    """Reading plus extraction of every LaTeX source in the folder, one process."""
    from opensota.extraction.latex import read_latex

    extractor = Extractor(vocabulary)
    paths = sorted((folder / "tex").glob("*.tex*"))
    results = 0
    started, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        results += len(extractor.extract(read_latex(path)))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{'all LaTeX sources':>45}: {len(paths)} papers, {results} results in {seconds:.1f} s: "
          f"{len(paths) / seconds:.1f} papers/s ({len(paths) / cpu:.1f} papers per CPU second)")


if __name__ == "__main__":
    sys.exit(main())
