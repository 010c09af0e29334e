"""Leaderboards: evaluation tables, their metrics and the results reported on them."""
