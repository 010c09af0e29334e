"""GitHub API objects and gold-set lines become RepoRecords; damage is decoded, not fatal."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from opensota.github.shapes import (
    RepoInputError,
    decode_content,
    extension_key,
    import_lines,
    is_dependency_file,
    repo_record_from_api,
    repo_record_from_gold,
)

FIXTURES = Path(__file__).parent / "fixtures"
GOLD = Path("/work/shared/data/linking-gold/dev.jsonl")


def fixture(name: str):
    return json.loads((FIXTURES / name).read_text())


def readme_object(raw: bytes | str, encoding: str = "base64") -> dict:
    content = base64.b64encode(raw).decode() if isinstance(raw, bytes) else raw
    return {"type": "file", "encoding": encoding, "path": "README.md", "content": content}


def test_repository_with_readme_tree_and_contributors():
    record = repo_record_from_api(
        fixture("awd-lstm-lm.repository.json"),
        readme=fixture("awd-lstm-lm.readme.json"),
        contributors=fixture("awd-lstm-lm.contributors.json"),
        tree=fixture("awd-lstm-lm.tree.json"),
    )
    assert record.url == "https://github.com/salesforce/awd-lstm-lm"
    assert (record.owner, record.name, record.slug) == ("salesforce", "awd-lstm-lm", "salesforce/awd-lstm-lm")
    assert record.description == "LSTM and QRNN Language Model Toolkit for PyTorch"
    assert record.readme.startswith("# LSTM and QRNN Language Model Toolkit\n")
    assert "https://arxiv.org/abs/1708.02182" in record.readme
    assert record.readme_path == "README.md"
    assert record.default_branch == "master" and record.language == "Python" and not record.fork
    assert record.stars == 1900 and record.topics[:2] == ("language-model", "lstm")
    # The anonymous contributor has no login and is left out.
    assert record.contributors == ("Smerity", "keskarnitish")
    assert record.top_level[:4] == (".gitignore", "CODEOWNERS", "LICENSE", "README.md")
    assert "data" in record.top_level
    assert record.extension_counts[".py"] == 11
    assert record.extension_counts["LICENSE"] == 1 and record.extension_counts[".gitignore"] == 1


def test_only_dependency_files_are_kept_and_cut():
    record = repo_record_from_api(
        fixture("gpt-2.repository.json"),
        files={
            "requirements.txt": fixture("gpt-2.requirements.json"),
            "README.md": "not a dependency file",
            "download_model.py": "import os",
            "docker/Dockerfile": "FROM python:3.7\n" * 3000,
            "environment-gpu.yaml": "name: x",
        },
        tree=fixture("gpt-2.tree.json"),
    )
    assert set(record.dependency_files) == {"requirements.txt", "docker/Dockerfile", "environment-gpu.yaml"}
    assert record.dependency_files["requirements.txt"].startswith("fire>=0.1.3\nregex==2017.4.5\n")
    assert len(record.dependency_files["docker/Dockerfile"]) == 20_000
    # src/*.py count, src itself is a tree; Dockerfile.cpu counts by its suffix.
    assert record.extension_counts[".py"] == 6 and record.extension_counts[".cpu"] == 1
    assert "src" in record.top_level and "src/model.py" not in record.top_level


@pytest.mark.parametrize(
    "path, expected",
    [
        ("requirements.txt", True), ("requirements-dev.txt", True), ("Requirements.TXT", True),
        ("setup.py", True), ("setup.cfg", True), ("pyproject.toml", True), ("environment.yml", True),
        ("environment_cpu.yaml", True), ("Dockerfile", True), ("Pipfile", True),
        ("docs/requirements.txt", True), ("package.json", False), ("Dockerfile.cpu", False),
        ("setup.sh", False), ("requirements.md", False),
    ],
)
def test_dependency_file_names(path, expected):
    assert is_dependency_file(path) is expected


def test_readme_in_other_encodings_is_decoded_with_replacements():
    # Latin-1 bytes are not UTF-8: replaced, not fatal.
    assert decode_content(readme_object("Café résumé".encode("latin-1"))) == "Caf\ufffd r\ufffdsum\ufffd"
    # A byte-order mark and NUL characters are dropped.
    assert decode_content(readme_object(b"\xef\xbb\xbf# Title\x00\n")) == "# Title\n"


def test_damaged_base64_never_fails():
    wrapped = base64.b64encode("# Deep Residual Learning\n".encode()).decode()
    wrapped = "\n".join(wrapped[i:i + 10] for i in range(0, len(wrapped), 10))
    assert decode_content(readme_object(wrapped)) == "# Deep Residual Learning\n"
    # Padding lost, stray characters, one dangling character: whatever decodes is kept.
    unpadded = base64.b64encode(b"# Title").decode().rstrip("=")
    assert decode_content(readme_object(unpadded + "!*\n")) == "# Title"
    assert decode_content(readme_object(unpadded + "A")) == "# Title"
    assert isinstance(decode_content(readme_object("%%%% not base64 at all ====")), str)


def test_contents_without_base64_and_plain_text():
    assert decode_content({"encoding": "none", "content": ""}) == ""  # GitHub's >1 MB files
    assert decode_content("plain text") == "plain text"
    assert decode_content(None) == ""
    with pytest.raises(RepoInputError, match="content is int"):
        decode_content({"encoding": "base64", "content": 12})


def test_missing_identity_is_named_in_one_line():
    repository = fixture("awd-lstm-lm.repository.json")
    del repository["owner"]
    del repository["html_url"]
    with pytest.raises(RepoInputError) as caught:
        repo_record_from_api(repository)
    message = str(caught.value)
    assert message == "repository salesforce/awd-lstm-lm has no owner.login, html_url"
    with pytest.raises(RepoInputError, match="^repository has no owner.login, name, html_url$"):
        repo_record_from_api({})


def test_wrong_types_are_errors_not_guesses():
    repository = fixture("awd-lstm-lm.repository.json")
    with pytest.raises(RepoInputError, match="stargazers_count is str, not int"):
        repo_record_from_api({**repository, "stargazers_count": "1.9k"})
    with pytest.raises(RepoInputError, match="topics is not a list of text"):
        repo_record_from_api({**repository, "topics": "nlp"})
    with pytest.raises(RepoInputError, match="tree has no 'tree' list"):
        repo_record_from_api(repository, tree={"sha": "abc"})
    with pytest.raises(RepoInputError, match="contributors is dict"):
        repo_record_from_api(repository, contributors={"login": "Smerity"})


def test_contributors_may_be_logins():
    record = repo_record_from_api(fixture("awd-lstm-lm.repository.json"), contributors=["Smerity", "Smerity", "keskarnitish"])
    assert record.contributors == ("Smerity", "keskarnitish")


def test_extension_keys():
    assert extension_key("src/Model.PY") == ".py"
    assert extension_key("Makefile") == "Makefile"
    assert extension_key(".gitignore") == ".gitignore"
    assert extension_key("configs/.env.example") == ".example"


def test_import_lines_like_the_gold_set():
    source = (
        "import os\nimport torch.nn as nn\nfrom collections import (\n    OrderedDict,\n)\n"
        "    from utils import batchify  # local\nimport os\nimportant = 1\nfrom_here = 2\n"
        "from . import model\n"
    )
    assert import_lines(source) == [
        "import os", "import torch.nn as nn", "from collections import",
        "from utils import batchify", "from . import model",
    ]


def test_gold_lines():
    rows = [json.loads(line) for line in (FIXTURES / "gold-lines.jsonl").read_text().splitlines()]
    awd, gpt2, no_readme = (repo_record_from_gold(row) for row in rows)
    assert awd.slug == "salesforce/awd-lstm-lm" and awd.url == "https://github.com/salesforce/awd-lstm-lm"
    assert awd.readme_path == "README.md" and "1708.02182" in awd.readme
    assert awd.extension_counts[".py"] == 12 and "import torch" in awd.imports
    assert awd.stars is None and "main.py" in awd.top_level
    assert gpt2.dependency_files["requirements.txt"].startswith("fire>=0.1.3")
    assert (no_readme.readme, no_readme.readme_path, no_readme.stars) == ("", "", 0)


@pytest.mark.skipif(not GOLD.exists(), reason="the shared linking gold set is not on this machine")
def test_every_line_of_the_dev_gold_set_is_a_record():
    rows = [json.loads(line) for line in GOLD.read_text().splitlines()]
    records = [repo_record_from_gold(row) for row in rows]
    assert len({r.slug for r in records}) == len(rows)


def test_gold_line_without_url_or_with_bad_counts():
    with pytest.raises(RepoInputError, match="has no repo_url"):
        repo_record_from_gold({"owner": "a", "name": "b", "readme": "x"})
    with pytest.raises(RepoInputError, match="ext_counts"):
        repo_record_from_gold({"repo_url": "https://github.com/a/b", "ext_counts": {".py": "3"}})
    # owner/name missing from the line are read from the URL.
    record = repo_record_from_gold({"repo_url": "https://github.com/AaronJackson/vrn.git", "readme": None})
    assert (record.owner, record.name, record.readme) == ("AaronJackson", "vrn", "")
