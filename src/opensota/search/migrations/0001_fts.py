"""FTS5 tables for papers and repositories (SQLite only; other databases search with LIKE)."""

from django.db import migrations

CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_paper_fts USING fts5("
    "title, abstract, authors, tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_repository_fts USING fts5("
    "name, description, tokenize='unicode61 remove_diacritics 2')",
]
DROP = ["DROP TABLE IF EXISTS search_paper_fts", "DROP TABLE IF EXISTS search_repository_fts"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
