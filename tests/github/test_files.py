"""Saved API responses on disk, in every accepted shape, become joined RepoRecords."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from opensota.github.files import iter_repo_records
from opensota.github.shapes import RepoInputError

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str):
    return json.loads((FIXTURES / name).read_text())


def write(path: Path, value) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value))
    return path


def write_lines(path: Path, values, opener=open) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with opener(path, "wt") as stream:
        for value in values:
            stream.write((value if isinstance(value, str) else json.dumps(value)) + "\n")
    return path


def test_repository_and_readme_in_separate_files_are_joined(tmp_path):
    # "readmes" sorts before "repos": the README waits for its repository.
    write_lines(tmp_path / "crawl" / "readmes.jsonl", [fixture("awd-lstm-lm.readme.json")])
    write(tmp_path / "crawl" / "repos" / "awd.json", fixture("awd-lstm-lm.repository.json"))
    write(tmp_path / "crawl" / "repos" / "gpt2.json", fixture("gpt-2.repository.json"))
    (tmp_path / "crawl" / "notes.txt").write_text("ignored")
    records = {r.slug: r for r in iter_repo_records([tmp_path / "crawl"])}
    assert set(records) == {"salesforce/awd-lstm-lm", "openai/gpt-2"}
    assert records["salesforce/awd-lstm-lm"].readme.startswith("# LSTM and QRNN Language Model Toolkit")
    assert records["salesforce/awd-lstm-lm"].readme_path == "README.md"
    assert records["openai/gpt-2"].readme == ""  # no README anywhere: a repository without one


def test_readme_after_its_repository_matched_by_html_url_and_case(tmp_path):
    readme = fixture("awd-lstm-lm.readme.json")
    del readme["url"]
    readme["html_url"] = "https://github.com/Salesforce/AWD-LSTM-LM/blob/master/README.md"
    repos = write(tmp_path / "a.json", fixture("awd-lstm-lm.repository.json"))
    readmes = write(tmp_path / "b.json", readme)
    [record] = iter_repo_records([repos, readmes])
    assert "Regularizing and Optimizing LSTM Language Models" in record.readme


def test_bundles_stream_before_later_files_are_read(tmp_path):
    bundle = {
        "repository": fixture("gpt-2.repository.json"),
        "readme": "# gpt-2\n\nCode and models from the paper",
        "files": {"requirements.txt": fixture("gpt-2.requirements.json")},
        "contributors": [{"login": "WuTheFWasThat"}],
        "imports": ["import fire", "import tensorflow as tf"],
        "tree": fixture("gpt-2.tree.json"),
    }
    first = write(tmp_path / "1.json", bundle)
    broken = tmp_path / "2.json"
    broken.write_text('{"html_url": ')
    records = iter_repo_records([first, broken])
    record = next(records)  # yielded although the next file is broken
    assert record.slug == "openai/gpt-2" and record.readme.startswith("# gpt-2")
    assert record.dependency_files["requirements.txt"].startswith("fire>=0.1.3")
    assert record.imports == ("import fire", "import tensorflow as tf")
    assert record.contributors == ("WuTheFWasThat",) and record.extension_counts[".py"] == 6
    with pytest.raises(RepoInputError, match=r"2\.json: record 1: invalid JSON"):
        next(records)


def test_gold_lines_gzipped(tmp_path):
    lines = (FIXTURES / "gold-lines.jsonl").read_text().splitlines()
    path = write_lines(tmp_path / "gold.jsonl.gz", lines, opener=gzip.open)
    records = list(iter_repo_records([path]))
    assert [r.slug for r in records[:2]] == ["salesforce/awd-lstm-lm", "openai/gpt-2"]
    assert records[0].readme.startswith("# LSTM and QRNN Language Model Toolkit")
    assert records[2].readme == ""  # a gold line with a null README is complete as it is


def test_array_of_mixed_shapes_gzipped(tmp_path):
    path = tmp_path / "all.json.gz"
    with gzip.open(path, "wt") as stream:
        json.dump(
            [fixture("awd-lstm-lm.repository.json"), fixture("gpt-2.repository.json"), fixture("awd-lstm-lm.readme.json")],
            stream,
        )
    records = {r.slug: r for r in iter_repo_records([path])}
    assert records["salesforce/awd-lstm-lm"].readme.startswith("# LSTM")
    assert records["openai/gpt-2"].url == "https://github.com/openai/gpt-2"


def test_malformed_json_names_file_and_record(tmp_path):
    path = write_lines(tmp_path / "repos.jsonl", [fixture("gpt-2.repository.json"), "", '{"name": "x",'])
    with pytest.raises(RepoInputError) as caught:
        list(iter_repo_records([path]))
    message = str(caught.value)
    assert message.startswith(f"{path}: record 3: invalid JSON (")
    assert "\n" not in message

    array = tmp_path / "repos.json"
    array.write_text('[{"html_url": "https://github.com/a/b", "name": "b", "owner": {"login": "a"}}, {"name": ]')
    with pytest.raises(RepoInputError, match=r"repos\.json: record 2: invalid JSON"):
        list(iter_repo_records([array]))

    truncated = tmp_path / "cut.json.gz"
    truncated.write_bytes(gzip.compress(json.dumps(fixture("gpt-2.repository.json")).encode())[:-12])
    with pytest.raises(RepoInputError, match=r"cut\.json\.gz: record 1: invalid JSON"):
        list(iter_repo_records([truncated]))


def test_missing_owner_names_file_and_record(tmp_path):
    repository = fixture("awd-lstm-lm.repository.json")
    del repository["owner"]
    path = write(tmp_path / "repos.json", [fixture("gpt-2.repository.json"), repository])
    with pytest.raises(RepoInputError) as caught:
        list(iter_repo_records([path]))
    assert str(caught.value) == (
        f"{path}: record 2: repository salesforce/awd-lstm-lm has no owner.login"
    )


def test_readme_without_its_repository_is_an_error(tmp_path):
    path = write(tmp_path / "readme.json", fixture("awd-lstm-lm.readme.json"))
    with pytest.raises(RepoInputError, match=r"readme\.json: record 1: README of salesforce/awd-lstm-lm without its repository"):
        list(iter_repo_records([path]))


def test_unknown_shapes_duplicates_and_paths(tmp_path):
    path = write(tmp_path / "x.json", {"title": "a paper", "arxiv_id": "1708.02182"})
    with pytest.raises(RepoInputError, match=r"record 1: not a GitHub repository, README, bundle or gold-set line \(keys: arxiv_id, title\)"):
        list(iter_repo_records([path]))
    twice = write(tmp_path / "twice.json", [fixture("gpt-2.repository.json"), fixture("gpt-2.repository.json")])
    with pytest.raises(RepoInputError, match=r"record 2: repository openai/gpt-2 is given twice \(also .*record 1\)"):
        list(iter_repo_records([twice]))
    with pytest.raises(RepoInputError, match="no such file or directory"):
        list(iter_repo_records([tmp_path / "missing"]))
    (tmp_path / "empty").mkdir()
    with pytest.raises(RepoInputError, match="no .json, .json.gz, .jsonl, .jsonl.gz files"):
        list(iter_repo_records([tmp_path / "empty"]))
    (tmp_path / "blank.json").write_text("  \n")
    with pytest.raises(RepoInputError, match="blank.json: record 1: empty file"):
        list(iter_repo_records([tmp_path / "blank.json"]))


def test_concatenated_values_and_arrays_in_lines(tmp_path):
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(fixture("gpt-2.repository.json")) + "\n" + json.dumps(fixture("awd-lstm-lm.repository.json")))
    assert len(list(iter_repo_records([path]))) == 2
    lines = write_lines(tmp_path / "lines.jsonl", [[fixture("awd-lstm-lm.repository.json"), 7]])
    with pytest.raises(RepoInputError, match=r"record 1 item 2: expected a JSON object, got int"):
        list(iter_repo_records([lines]))
