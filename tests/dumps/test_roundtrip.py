"""export(import(dump)) holds the same records, and importing twice changes nothing."""

from __future__ import annotations

import pytest

from opensota.dumps.exporter import export_dumps
from opensota.dumps.importer import import_dumps
from tests.dumps import canonical
from tests.dumps.snapshot import database_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def exported_sample(django_db_setup, django_db_blocker, tmp_path_factory):
    """The imported sample, exported once for all the comparisons below."""
    directory = tmp_path_factory.mktemp("export")
    with django_db_blocker.unblock():
        export_dumps(directory)
    return directory


@pytest.mark.parametrize("stem", sorted(canonical.CANONICAL))
def test_export_of_the_imported_sample_holds_the_same_records(stem, sample_dir, exported_sample):
    normalise = canonical.CANONICAL[stem]
    original = normalise(canonical.load(canonical.find(sample_dir, stem)))
    exported = normalise(canonical.load(canonical.find(exported_sample, stem)))
    assert exported == original


def test_export_writes_the_five_files_gzipped(exported_sample):
    names = sorted(path.name for path in exported_sample.iterdir())
    assert names == sorted(f"{stem}.json.gz" for stem in canonical.CANONICAL)


def test_exported_dump_imports_back_without_changing_anything(exported_sample):
    before = database_snapshot()
    import_dumps([exported_sample])
    assert database_snapshot() == before


def test_importing_the_sample_twice_changes_nothing(sample_dir):
    before = database_snapshot()
    import_dumps([sample_dir])
    assert database_snapshot() == before
