"""The trends of a window told in a few sentences with their numbers, as the founders' blog did.

"Papers grew 3.5% a month (51% a year); one paper in seven has code..." Every sentence is
built from a measure; a measure with nothing to say (no papers, no frameworks known) says
so instead of inventing a number.
"""

from __future__ import annotations

from typing import Any

from opensota.trends.window import Window


def summarise(window: Window, results: dict[str, Any]) -> str:
    scope = f" in {window.task or window.area}" if (window.task or window.area) else ""
    lines = [f"Trends{scope}, {window.start:%B %Y} to {window.end:%B %Y} ({len(window.months)} months)", ""]
    lines += _papers(results["papers"])
    lines += _code(results["code"])
    lines += _frameworks(results["frameworks"])
    lines += _topics("Tasks", results["tasks"])
    lines += _topics("Areas", results["areas"])
    lines += _implementations(results["implementations"])
    lines += _time_to_code(results["time-to-code"])
    return "\n".join(lines)


def _papers(papers) -> list[str]:
    if not papers.total:
        return ["Papers: none dated in this window."]
    line = f"Papers: {papers.total:,} in the window"
    growth = papers.growth
    if growth.monthly_rate is not None:
        line += (f", growing {_signed(growth.monthly_rate)} a month ({_signed(growth.annual_rate)} a year"
                 + (f", doubling every {growth.doubling_months:.0f} months" if growth.doubling_months else "")
                 + ")")
    busiest = max(range(len(papers.papers)), key=lambda i: papers.papers[i])
    line += f"; the busiest month was {papers.months[busiest]:%B %Y} with {papers.papers[busiest]:,}."
    return [line]


def _code(code) -> list[str]:
    if not code.total_papers:
        return []
    share, official, recent = code.share, code.official_share, code.share_of_last(6)
    line = f"Code: {_percent(share)} of these papers have code ({_one_in(share)})"
    if official is not None:
        line += f", {_percent(official)} official code"
    if recent is not None:
        line += f"; {_percent(recent)} in the last six months"
    return [line + "."]


def _frameworks(frameworks) -> list[str]:
    shares = frameworks.shares()
    unknown = frameworks.totals().get("unknown", 0)
    if not shares:
        return ["Frameworks: not known for any implementation in the window."]
    ranked = sorted(shares.items(), key=lambda item: -item[1])
    line = "Frameworks: " + ", ".join(f"{_name(name)} {_percent(share)}" for name, share in ranked if share)
    return [line + f" of implementations whose framework is known ({unknown:,} not known)."]


def _topics(label: str, ranking) -> list[str]:
    lines = []
    if ranking.by_papers:
        lines.append(f"{label} with the most papers: " + ", ".join(
            f"{topic.name} ({topic.papers:,})" for topic in ranking.by_papers[:5]) + ".")
    if ranking.by_growth:
        lines.append(f"{label} growing fastest: " + ", ".join(
            f"{topic.name} ({_signed(topic.monthly_growth)} a month)" for topic in ranking.by_growth[:5]) + ".")
    return lines


def _implementations(popular) -> list[str]:
    lines = []
    for group in ("official", "community"):
        items = popular.by_stars.get(group) or ()
        if items:
            lines.append(f"Most starred {group} implementations: " + ", ".join(
                f"{item.slug} ({item.stars:,} stars)" for item in items[:5]) + ".")
        gained = popular.by_stars_gained.get(group) or ()
        if gained:
            lines.append(f"Most stars gained ({group}): " + ", ".join(
                f"{item.slug} (+{item.stars_gained:,})" for item in gained[:5]) + ".")
    if not popular.snapshots:
        lines.append("Stars gained: fewer than two star counts recorded in the window.")
    return lines


def _time_to_code(delay) -> list[str]:
    if not delay.papers:
        return ["Time to code: no creation dates known for the linked repositories."]
    within_month = sum(n for label, n in delay.buckets if label in ("within a week", "within a month"))
    return [f"Time to code: median {delay.median_days:.0f} days from paper to first repository "
            f"({delay.papers:,} papers); {_percent(within_month / delay.papers)} within a month."]


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def _signed(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:+.1f}%"


def _one_in(share: float | None) -> str:
    return "none" if not share else f"one in {1 / share:.1f}"


def _name(framework: str) -> str:
    return {"pytorch": "PyTorch", "tf": "TensorFlow", "jax": "JAX", "others": "others"}.get(framework, framework)
