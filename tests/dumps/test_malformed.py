"""Bad dumps stop the import with one line naming the file and record; nothing is written."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from opensota.catalog.models import Paper
from opensota.dumps.files import DumpError
from opensota.dumps.importer import import_dumps
from tests.dumps.snapshot import database_snapshot

pytestmark = pytest.mark.django_db

EXCERPT = Path(__file__).parent.parent / "fixtures" / "pwc-excerpt"
PAPERS = "papers-with-abstracts.json"


def excerpt_records(name: str) -> list[dict]:
    return json.loads((EXCERPT / name).read_text())


def renamed_papers(count: int) -> list[dict]:
    """Real paper records under new slugs, so importing them would add papers."""
    base = excerpt_records(PAPERS)
    records = []
    for n in range(count):
        record = dict(base[n % len(base)])
        record["paper_url"] = f"{record['paper_url']}-copy-{n}"
        records.append(record)
    return records


def assert_refused(paths: list[Path], *expected: str) -> None:
    before = database_snapshot()
    with pytest.raises(DumpError) as caught:
        import_dumps(paths)
    message = str(caught.value)
    assert "\n" not in message
    for fragment in expected:
        assert fragment in message
    assert database_snapshot() == before


def test_truncated_gzip(tmp_path):
    data = gzip.compress(json.dumps(renamed_papers(50)).encode())
    path = tmp_path / f"{PAPERS}.gz"
    path.write_bytes(data[: len(data) // 2])
    assert_refused([path], f"{PAPERS}.gz", "record ", "compressed")


def test_invalid_json_names_the_record_where_it_breaks(tmp_path):
    two_good = json.dumps(renamed_papers(2))
    path = tmp_path / PAPERS
    path.write_text(two_good[:-1] + ', {"paper_url": "x", "title": }]')
    assert_refused([path], PAPERS, "record 3", "invalid JSON")


def test_a_record_of_the_wrong_shape(tmp_path):
    records = renamed_papers(5)
    records[3]["title"] = ["not", "a", "string"]
    path = tmp_path / PAPERS
    path.write_text(json.dumps(records))
    assert_refused([path], PAPERS, "record 4", "'title'")


def test_a_record_that_is_not_an_object(tmp_path):
    path = tmp_path / PAPERS
    path.write_text(json.dumps(renamed_papers(2) + [42]))
    assert_refused([path], "record 3", "expected a JSON object")


def test_a_top_level_that_is_not_an_array(tmp_path):
    path = tmp_path / PAPERS
    path.write_text(json.dumps({"papers": renamed_papers(2)}))
    assert_refused([path], PAPERS, "record 1", "array")


def test_an_evaluation_row_without_metrics(tmp_path):
    tasks = excerpt_records("evaluation-tables.json")
    del tasks[0]["datasets"][0]["sota"]["rows"][5]["metrics"]
    path = tmp_path / "evaluation-tables.json"
    path.write_text(json.dumps(tasks))
    assert_refused([path], "evaluation-tables.json", "record 1", "metrics")


def test_a_failure_after_earlier_batches_were_written_rolls_them_back(tmp_path):
    records = renamed_papers(1200)
    records[1100]["authors"] = "Not A List"
    path = tmp_path / PAPERS
    path.write_text(json.dumps(records))
    assert_refused([path], "record 1101", "'authors'")
    assert not Paper.objects.filter(slug__endswith="-copy-0").exists()


def test_a_bad_second_file_rolls_back_the_first(tmp_path):
    (tmp_path / PAPERS).write_text(json.dumps(renamed_papers(20)))
    links = excerpt_records("links-between-papers-and-code.json")
    links[1]["repo_url"] = None
    (tmp_path / "links-between-papers-and-code.json").write_text(json.dumps(links))
    assert_refused([tmp_path], "links-between-papers-and-code.json", "record 2", "repo_url")


def test_unknown_file_name_and_missing_path(tmp_path):
    stray = tmp_path / "my-papers.json"
    stray.write_text("[]")
    assert_refused([stray], "unknown dump file name")
    assert_refused([tmp_path / "nowhere.json"], "no such file")


def test_an_empty_array_imports_nothing_and_is_fine(tmp_path):
    path = tmp_path / PAPERS
    path.write_text("[]")
    before = database_snapshot()
    import_dumps([path])
    assert database_snapshot() == before


def test_the_excerpt_imports_as_gzip_and_plain_json_alike(tmp_path):
    for name in ("methods.json", "datasets.json"):
        shutil.copy(EXCERPT / name, tmp_path / name)
    with open(EXCERPT / PAPERS, "rb") as source:
        (tmp_path / f"{PAPERS}.gz").write_bytes(gzip.compress(source.read()))
    before = database_snapshot()
    counts = import_dumps([tmp_path])
    assert counts["papers"] == len(excerpt_records(PAPERS))
    assert database_snapshot() == before  # all already in the sample
