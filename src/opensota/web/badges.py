"""README badges: "state of the art | SQuAD1.1" or "#3 | SQuAD1.1", as a small SVG.

Geometry only, like `charts`: the text of each half and its width. The template
(`opensota/badge.svg`) writes the SVG through autoescape, and `textLength` makes the
text fill the width computed here whatever font the reader's machine has.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_NAME_CHARS = 48
PADDING = 6

# Rough advance widths at 11px in a Verdana-like font, in pixels.
_NARROW, _WIDE = set("fijlrtI.,:;|!'()[] "), set("mwMW@%")


@dataclass(frozen=True)
class Badge:
    status: str  # left half
    name: str  # right half
    color: str  # the left half's fill
    status_width: int
    name_width: int

    @property
    def width(self) -> int:
        return self.status_width + self.name_width

    @property
    def status_text_x(self) -> float:
        return self.status_width / 2

    @property
    def name_text_x(self) -> float:
        return self.status_width + self.name_width / 2

    @property
    def status_text_length(self) -> int:
        return self.status_width - 2 * PADDING

    @property
    def name_text_length(self) -> int:
        return self.name_width - 2 * PADDING

    @property
    def title(self) -> str:
        return f"{self.status} on {self.name}"


def badge_status(rank: int | None, by_direction: bool) -> str:
    """The left half: "state of the art" for the top rank, "#3" below it, "listed" unranked.

    A table whose metrics have no known direction has no state of the art; its ranks
    are the source's order, shown as they are.
    """
    if rank is None:
        return "listed"
    if rank == 1 and by_direction:
        return "state of the art"
    return f"#{rank}"


def make_badge(rank: int | None, by_direction: bool, name: str) -> Badge:
    status = badge_status(rank, by_direction)
    name = " ".join(name.split()) or "leaderboard"
    if len(name) > MAX_NAME_CHARS:
        name = name[: MAX_NAME_CHARS - 1].rstrip() + "…"
    color = "#1b7f4a" if status == "state of the art" else "#1f5fbf" if rank else "#5c6677"
    return Badge(status, name, color, text_width(status) + 2 * PADDING, text_width(name) + 2 * PADDING)


def text_width(text: str) -> int:
    """An estimate of `text`'s width in pixels at 11px, generous rather than tight."""
    width = 0.0
    for char in text:
        if char in _NARROW:
            width += 3.8
        elif char in _WIDE:
            width += 10.5
        elif char.isupper() or char.isdigit():
            width += 7.6
        else:
            width += 6.6
    return int(width + 1)
