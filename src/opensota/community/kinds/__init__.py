"""What each kind of proposal means: how it is checked, shown as a diff, applied, reverted.

A kind turns a payload (plain JSON from a form, the API or the automation) into a change
of the catalog through the domain's own editing functions, and records what it changed
as `before`/`after` snapshots so the edit history can show it and put it back. Bad
payloads raise `opensota.editing.Invalid` (or `Conflict`) with a message for the user.

The kinds live by what they change: `code_links`, `results` (including the results the
extractor found) and `taxonomy`; `base` holds the `Kind` type and the payload readers
they share. `KINDS` is the one registry the service, the views and the API look up.
"""

from __future__ import annotations

from opensota.community.kinds.base import MAX_TEXT, Kind
from opensota.community.kinds.code_links import CODE_LINK_KINDS
from opensota.community.kinds.results import (PROVENANCE_NUMBERS, PROVENANCE_TEXT, RESULT_KINDS,
                                              extracted_result_creates)
from opensota.community.kinds.taxonomy import TAXONOMY_KINDS

__all__ = ["KINDS", "MAX_TEXT", "PROVENANCE_NUMBERS", "PROVENANCE_TEXT", "Kind", "extracted_result_creates"]

KINDS: dict[str, Kind] = {kind.name: kind for kind in (*CODE_LINK_KINDS, *RESULT_KINDS, *TAXONOMY_KINDS)}
