"""The one slug function: Papers with Code's scheme, so old URLs keep working."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """Lower-case ASCII, runs of anything else turned into one dash.

    "Question Answering" -> "question-answering", "Penn Treebank (Word Level)" ->
    "penn-treebank-word-level". Accented letters lose their accents; a name with no
    letters or digits at all gives "" and the caller decides what to do.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NON_ALNUM.sub("-", ascii_name.lower()).strip("-")


def slug_from_url(url: str | None, prefix: str) -> str | None:
    """The slug of a paperswithcode.com URL such as .../paper/<slug> (None if not one)."""
    if not url:
        return None
    marker = f"/{prefix}/"
    position = url.find(marker)
    if position < 0:
        return None
    slug = url[position + len(marker):].strip("/").split("?")[0].split("#")[0]
    return slug or None
