"""Trends: the field from above (papers, code, frameworks, implementations, tasks) per window.

`window` parses what is measured, `measures` aggregates it in SQL, `report` caches the
measures and turns each into a table, `summary` writes the founders'-blog-style text.
`rollup` keeps the monthly counts in the database (`models`), `triggers` mark them stale
on any change, and `from_rollup` answers the measures from them when they are fresh.
"""
