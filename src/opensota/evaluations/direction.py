"""The one place that knows whether a metric is better high or low.

A metric's direction is read from its name: a few phrase rules first, for names
whose words would mislead ("Error reduction" is better high), then the name's words
against two vocabularies. A name that says nothing, or says both, is unknown (None)
and its leaderboard keeps the order its source gave, rather than being ranked on a
guess. An admin can override any name (`MetricDirection`); the importer and
`reapply_directions` use `resolve_higher_is_better`, which prefers the override.

Inference looks only at the normalised name (`normalise_metric_name`), so every
spelling of a name that an override covers is inferred alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping

# Words that settle the direction on their own: lower is better.
_LOWER_IS_BETTER = frozenset({
    # errors, losses and their usual abbreviations (word, character, translation-edit,
    # sentence, diarization, equal, balanced, half-total, attack-classification error rates)
    "error", "errors", "err", "loss", "losses", "logloss", "wer", "cer", "ter", "ser",
    "der", "eer", "ber", "hter", "acer",
    # regression and geometry errors
    "mae", "mse", "rmse", "rmsle", "mape", "smape", "imae", "irmse", "nme", "epe", "aepe",
    "mpjpe", "mpvpe", "ade", "fde", "minade", "minfde", "rel", "log10",  # "Abs Rel": depth
    # "per" is the phone error rate only when it does not join two words (see _PREPOSITION)
    "per",
    # rates of failure, and what failures cost
    "miss", "mr", "fpr", "fnr", "far", "frr", "failure", "regret", "cost", "collisions",
    "noc",  # interactive segmentation: the number of clicks needed
    # distances between outputs and references (Fréchet Inception/Video Distance, ...)
    "distance", "divergence", "kl", "kld", "mmd", "fid", "kid", "fvd", "lpips", "niqe",
    "chamfer", "emd", "hausdorff",
    # how well a language model predicts text: fewer bits or nats per symbol is better
    "perplexity", "ppl", "nll", "nelbo", "crossentropy", "bpc", "bpb", "bpd", "bpsp",
    "bit", "bits", "nats",
    # what running the model costs
    "latency", "time", "runtime", "memory", "flops", "gflops", "macs", "gmacs",
    "params", "parameters", "param",
    # the rank of the right answer ("Mean Rank", "Median Rank"): 1 is best
    "rank",
})

# Words that settle the direction on their own: higher is better.
_HIGHER_IS_BETTER = frozenset({
    # shares of right answers
    "accuracy", "acc", "macc", "oacc", "correct", "em", "precision", "prec", "mprec",
    "recall", "mrec", "sensitivity", "specificity", "f1", "fmeasure", "tar",
    # overlap with references: translation, summarisation, parsing, segmentation, detection
    "bleu", "sacrebleu", "gleu", "chrf", "rouge", "meteor", "cider", "spice", "sari",
    "smatch", "las", "uas", "iou", "miou", "jaccard", "dice", "dsc", "pq", "pck", "pckh",
    "ap", "aps", "apm", "apl", "apc", "apf", "apr", "map", "auc", "auroc", "auprc", "aupr",
    "roc",
    # retrieval
    "mrr", "ndcg", "hits", "hit",
    # agreement and correlation with people or with ground truth
    "kappa", "correlation", "pearson", "spearman", "kendall", "mcc", "nmi", "ari", "ami",
    "similarity", "loglikelihood", "elbo",
    # signal quality (audio, image)
    "psnr", "ssim", "snr", "sdr", "pesq", "stoi", "estoi", "mos",
    # agents and games
    "reward", "rewards", "return", "returns", "success", "spl", "elo", "win", "wins",
    # tracking
    "mota", "idf1", "hota",
    # speed, when written as throughput
    "fps", "throughput", "qps", "speedup",
})

# Generic words that decide only when no word above does: "Score" (a game's score, a
# Winograd score) is better high, but "FVD score" is a distance.
_WEAKLY_HIGHER = frozenset({"score", "scores", "rating", "quality", "inception", "topk", "rankk"})

# Metric families written with a parameter glued on ("Top-1", "BLEU-4", "R@10",
# "Hits@50", "AP50", "mAP@0.5", "F0.5"): the family word, as it appears above.
# "Top-k" alone is top-k accuracy; "Rank-1" is the cumulative match rate at rank 1.
_FAMILIES = {
    "f": "f1", "p": "precision", "pr": "precision", "prec": "precision",
    "precision": "precision", "r": "recall", "recall": "recall", "ar": "recall",
    "hits": "hits", "hit": "hits", "hr": "hits", "h": "hits", "acc": "accuracy",
    "accuracy": "accuracy", "top": "topk", "rank": "rankk", "bleu": "bleu",
    "rouge": "rouge", "ap": "ap", "sap": "ap", "map": "map", "ndcg": "ndcg", "mrr": "mrr",
    "auc": "auc", "iou": "iou", "miou": "iou", "pck": "pck", "pckh": "pck",
    "kappa": "kappa", "psnr": "psnr", "ssim": "ssim", "dice": "dice",
    "fid": "fid", "kid": "kid", "fpr": "fpr", "wer": "wer", "cer": "cer", "mae": "mae",
    "mse": "mse", "rmse": "rmse", "nme": "nme", "epe": "epe", "aepe": "aepe",
    "ade": "ade", "fde": "fde", "minade": "ade", "minfde": "fde", "noc": "noc",
}

# A change in a quantity, not the quantity: "Error reduction" is better high,
# "Accuracy drop" better low, "Relative error improvement" and "Accuracy gain" high.
_REVERSING = frozenset({"reduction", "reductions", "decrease", "drop", "degradation"})
_IMPROVING = frozenset({"improvement", "improvements", "gain", "gains"})

# Names settled as a whole, before any word is looked at. None: the name cannot say.
_PHRASES: tuple[tuple[re.Pattern, bool | None], ...] = tuple(
    (re.compile(pattern), verdict) for pattern, verdict in (
        # "Time-to-accuracy" is better short, "time to collision" long.
        (r"\btime[- ]to\b", None),
        # The spread of a metric over runs is not the metric: "AUC Stdev".
        (r"\b(std|stdev|standard deviation|variance)\b", None),
        # Depth estimation's threshold accuracies: the share of pixels within 1.25^k.
        (r"^(delta|δ) ?< ?1\.25\b", True),
        # CheXpert counts the radiologists whose operating point lies below the
        # model's ROC curve: the more radiologists the model beats, the better.
        (r"\b(rads|radiologists) below (the )?curve\b", True),
        # TempEval-3's "temporal awareness" is an F1 over temporal relation graphs.
        (r"\btemporal awareness\b", True),
        # The Inception Score, abbreviated.
        (r"^is$", True),
    )
)

# Spellings rewritten to one word of the vocabularies before the words are read.
_REWRITES: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern), word) for pattern, word in (
        (r"\bexact[- ]?match\b", " em "),
        (r"\barea under (the )?([a-z-]+ )?curve\b", " auc "),
        # A model's entropy on held-out text is its cross-entropy, in bits.
        (r"\b(cross|model)[- ]?entropy\b", " crossentropy "),
        (r"\bneg(ative)?\.?[- ]?(log[- ]?likelihood|ll|elbo)\b", " nelbo "),
        (r"\blog[- ]?likelihood\b", " loglikelihood "),
        # Verification: true (genuine) accepts at a fixed false-accept rate.
        (r"\b[tg]ar ?@[^a-z]*far\b", " tar "),
        (r"\b(frames|images|samples|tokens|queries|sentences|words) per (second|sec|s)\b",
         " throughput "),
        # F-score, F-measure, and the V-, S- and E-measures of clustering and saliency.
        (r"\bf[-_ ]?(score|measure)\b", " fmeasure "),
        (r"\b[vse][-_ ]?measure\b", " fmeasure "),
        # "per" between two words is the preposition ("bits per character", "per-class
        # accuracy"): dropped, so the other words decide. Alone it is the phone error rate.
        (r"\bper\b(?=[-\s]*[^\W\d_])", " "),
        # A family and its parameter are one word: "Top-1", "F-1", "R_100@1", "mAP @ 0.5".
        # (A bounded gap: an unbounded one backtracks quadratically on "F-----...".)
        (r"(?<=[^\W\d_])[-_ @]{0,3}(?=\d)", ""),
    )
)
_WORD = re.compile(r"[^\W_]+(?:\.\d+)*")
_PARAMETERISED = re.compile(r"([^\W\d_]+)\d.*")  # "ap50", "map0.5", "pck3d"
_IN_3D = re.compile(r"[23]d(?=[^\W\d_])")  # "3DIoU", "2DPCK"


def normalise_metric_name(name: str) -> str:
    """The form overrides are stored and matched in: case-folded, spaces collapsed."""
    return " ".join(str(name).casefold().split())


def infer_higher_is_better(metric_name: str) -> bool | None:
    """True if higher is better, False if lower is, None if the name does not say."""
    name = unicodedata.normalize("NFKC", normalise_metric_name(metric_name))
    for pattern, verdict in _PHRASES:
        if pattern.search(name):
            return verdict
    for pattern, word in _REWRITES:
        name = pattern.sub(word, name)
    words = [_family(word) for word in _WORD.findall(name)]
    direction = _direction_of(words)
    if direction is None:
        return None
    reversing = any(word in _REVERSING for word in words)
    improving = any(word in _IMPROVING for word in words)
    if reversing and improving:
        return None
    if improving:
        return True
    return not direction if reversing else direction


def _family(word: str) -> str:
    word = word[2:] if _IN_3D.match(word) else word
    if word in _LOWER_IS_BETTER or word in _HIGHER_IS_BETTER:
        return word
    match = _PARAMETERISED.fullmatch(word)
    return _FAMILIES.get(match.group(1), word) if match else word


def _direction_of(words: list[str]) -> bool | None:
    lower = any(word in _LOWER_IS_BETTER for word in words)
    higher = any(word in _HIGHER_IS_BETTER for word in words)
    if lower != higher:
        return higher
    if lower:  # "AUC (horizon error)", "Dice loss": the name pulls both ways
        return None
    return True if any(word in _WEAKLY_HIGHER for word in words) else None


# --------------------------------------------------------------------------------------
# At the ORM's edge: overrides, and the directions stored on metrics.
# --------------------------------------------------------------------------------------


def resolve_higher_is_better(
    metric_name: str, overrides: Mapping[str, bool | None] | None = None
) -> bool | None:
    """The direction a metric gets: an admin's override of its name, else the inference.

    `overrides` (normalised name -> direction) saves a query per name when many
    names are resolved at once; without it the override is looked up.
    """
    key = normalise_metric_name(metric_name)
    if overrides is None:
        from opensota.evaluations.models import MetricDirection

        overrides = dict(
            MetricDirection.objects.filter(name=key).values_list("name", "higher_is_better")
        )
    return overrides[key] if key in overrides else infer_higher_is_better(key)


def apply_direction(normalised_name: str) -> int:
    """Give every stored metric with this normalised name its resolved direction.

    Called when an override is saved or deleted. One UPDATE, over the spellings of
    the name found among stored metrics; returns the number of metrics changed.
    """
    key = normalise_metric_name(normalised_name)
    spellings = [name for name in _stored_names() if normalise_metric_name(name) == key]
    if not spellings:
        return 0
    return _set_direction(spellings, resolve_higher_is_better(key))


def reapply_directions() -> int:
    """Recompute every stored metric's direction (after the vocabularies change).

    Returns the number of metrics whose direction changed.
    """
    from opensota.evaluations.models import MetricDirection

    overrides = dict(MetricDirection.objects.values_list("name", "higher_is_better"))
    by_direction: dict[bool | None, list[str]] = defaultdict(list)
    for name in _stored_names():
        by_direction[resolve_higher_is_better(name, overrides)].append(name)
    changed = 0
    for direction, names in by_direction.items():
        for start in range(0, len(names), 500):  # within SQLite's limit on parameters
            changed += _set_direction(names[start:start + 500], direction)
    return changed


def _stored_names() -> list[str]:
    from opensota.evaluations.models import Metric

    return list(Metric.objects.order_by().values_list("name", flat=True).distinct())


def _set_direction(names: list[str], direction: bool | None) -> int:
    """One UPDATE of the metrics so named whose direction differs."""
    from opensota.evaluations.models import Metric

    metrics = Metric.objects.filter(name__in=names)
    if direction is None:
        metrics = metrics.filter(higher_is_better__isnull=False)
    else:  # Django's exclude() keeps the NULLs, which differ from any direction
        metrics = metrics.exclude(higher_is_better=direction)
    return metrics.update(higher_is_better=direction)
