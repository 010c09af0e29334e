"""Full-text search over papers and repositories: SQLite FTS5, with a portable fallback."""
