"""The one place that knows whether a metric is better high or low.

Names are matched word by word against short vocabularies; anything unmatched is
unknown (None) and ranked in the order the source gave, rather than guessed.
"""

from __future__ import annotations

import re

_LOWER_IS_BETTER = {
    "error", "err", "loss", "perplexity", "ppl", "wer", "cer", "per", "ter", "fid", "kid",
    "mae", "mse", "rmse", "rmsle", "epe", "latency", "params", "parameters", "flops",
    "macs", "time", "runtime", "inference", "memory", "bpc", "bpb", "bits", "nll",
    "distance", "eer", "mr", "fpr", "fnr", "miss", "rank", "chamfer", "lpips", "mde",
    "abs", "rel", "sq", "log10", "hd", "hausdorff", "cost", "regret",
}
_HIGHER_IS_BETTER = {
    "accuracy", "acc", "f1", "f", "bleu", "rouge", "meteor", "cider", "spice", "map",
    "miou", "iou", "ap", "ap50", "ap75", "aps", "apm", "apl", "auc", "roc", "recall",
    "precision", "mrr", "ndcg", "hits", "hit", "em", "exact", "match", "score", "psnr",
    "ssim", "pck", "dice", "kappa", "correlation", "pearson", "spearman", "r2",
    "top", "return", "reward", "fps", "throughput", "mcc", "sacrebleu", "chrf",
    "success", "coverage", "las", "uas", "sa", "ea", "mota", "motp", "idf1", "hota",
    "is", "inception", "sdr", "si", "snr", "pesq", "stoi", "mos", "win", "elo",
}
_WORD = re.compile(r"[a-z0-9]+")


def infer_higher_is_better(metric_name: str) -> bool | None:
    """True if higher is better, False if lower is, None if the name does not say."""
    words = _WORD.findall(metric_name.lower())
    if not words:
        return None
    if any(word in _LOWER_IS_BETTER for word in words):
        return False
    if any(word in _HIGHER_IS_BETTER or _is_accuracy_at_k(word) for word in words):
        return True
    return None


def _is_accuracy_at_k(word: str) -> bool:
    return bool(re.fullmatch(r"(top|r|p|hits|recall|map|ndcg)\d+", word))
