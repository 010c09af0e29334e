"""Reading a paper's LaTeX source files: a .tex, a .tex.gz, a folder or an arXiv tarball.

arXiv serves a paper's source either as a tarball (gzipped or not) or as a gzip of a
single `.tex`, often without a file extension, so inputs are recognised by their bytes,
not their names. Sizes are bounded (a gzip bomb or a huge archive is an error, not all
the memory), and the main file is the one LaTeX would be run on. Only unreadable input
raises, as `SourceError`, with one line naming the path.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from .flatten import INPUT, clean_name, strip_comments

READ_EXTENSIONS = (".tex", ".bbl", ".bib", ".ltx")
MAX_FILE_BYTES = 20_000_000
MAX_TOTAL_BYTES = 200_000_000
MAX_FILES = 2_000


class SourceError(ValueError):
    """The input is not something LaTeX can be read from (not a file or folder, not a
    tarball, no .tex inside). A paper's content never raises this."""


@dataclass
class Sources:
    """The text files of a paper, by their path inside the folder or tarball."""

    origin: str
    files: dict[str, str]
    main: str


# --- reading bytes -----------------------------------------------------------------------

def decode(data: bytes) -> str:
    if b"\x00" in data:
        data = data.replace(b"\x00", b"")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _gunzip(data: bytes, origin: str) -> bytes:
    """Decompress with a ceiling, so a gzip bomb is an error and not all the memory."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, MAX_TOTAL_BYTES)
    except zlib.error as error:
        raise SourceError(f"{origin}: not a readable gzip file ({error})") from None
    if decompressor.unconsumed_tail:
        raise SourceError(f"{origin}: decompresses to more than {MAX_TOTAL_BYTES} bytes")
    if not decompressor.eof and not out:
        raise SourceError(f"{origin}: not a readable gzip file (truncated)")
    return out


def _is_tar(data: bytes) -> bool:
    return len(data) > 262 and data[257:262] == b"ustar"


def _wanted(name: str) -> bool:
    return name.lower().endswith(READ_EXTENSIONS)


def _read_tar(data: bytes, origin: str) -> dict[str, str]:
    files: dict[str, str] = {}
    total = 0
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
            for member in archive:
                if len(files) >= MAX_FILES:
                    break
                if not member.isfile() or not _wanted(member.name):
                    continue
                if member.size > MAX_FILE_BYTES or total + member.size > MAX_TOTAL_BYTES:
                    continue
                handle = archive.extractfile(member)
                if handle is None:
                    continue
                total += member.size
                files[clean_name(member.name)] = decode(handle.read())
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        if not files:
            raise SourceError(f"{origin}: not a readable tar archive ({error})") from None
    return files


def _read_folder(folder: Path) -> dict[str, str]:
    files: dict[str, str] = {}
    total = 0
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            if len(files) >= MAX_FILES or not _wanted(name):
                continue
            path = Path(root, name)
            try:
                size = path.stat().st_size
                if size > MAX_FILE_BYTES or total + size > MAX_TOTAL_BYTES:
                    continue
                total += size
                files[path.relative_to(folder).as_posix()] = decode(path.read_bytes())
            except OSError:
                continue
    return files


def paper_key(path: Path) -> str:
    """The paper's name from its file: `2004.10924.tex.gz` and `2004.10924.tar.gz` are
    both `2004.10924`."""
    name = path.name
    for suffix in (".tex.gz", ".tar.gz", ".tar.bz2", ".tgz", ".tar", ".gz", ".tex", ".ltx"):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def load_sources(path: str | os.PathLike) -> Sources:
    """Read a `.tex`, `.tex.gz`, folder or tarball (any of arXiv's shapes) into `Sources`."""
    path = Path(path)
    origin = str(path)
    if path.is_dir():
        files = _read_folder(path)
    elif path.is_file():
        try:
            data = path.read_bytes()
        except OSError as error:
            raise SourceError(f"{origin}: cannot read ({error.strerror})") from None
        single_name = paper_key(path) + ".tex"
        if data[:2] == b"\x1f\x8b":
            data = _gunzip(data, origin)
        if _is_tar(data) or data[:3] == b"BZh":
            files = _read_tar(data, origin)
        elif _looks_like_latex(data) or (_named_tex(path) and _is_text(data)):
            files = {single_name: decode(data)}
        elif path.name.lower().endswith((".tar", ".tgz", ".tar.gz")):
            raise SourceError(f"{origin}: not a readable tar archive")
        else:
            raise SourceError(f"{origin}: not a LaTeX file or an arXiv source archive")
    else:
        raise SourceError(f"{origin}: no such file or folder")
    tex = [name for name in files if name.lower().endswith((".tex", ".ltx"))]
    if not tex:
        raise SourceError(f"{origin}: no .tex file inside")
    return Sources(origin=origin, files=files, main=find_main(files, tex))


_LATEX_COMMAND = re.compile(
    rb"\\(?:documentclass|documentstyle|begin|section|usepackage|input|newcommand|def|title|"
    rb"author|item|textbf|emph|cite|label|chapter|maketitle)(?![A-Za-z])"
)


def _named_tex(path: Path) -> bool:
    return path.name.lower().endswith((".tex", ".tex.gz", ".ltx"))


def _is_text(data: bytes) -> bool:
    head = data[:4096]
    return not head.startswith((b"%PDF", b"\x89PNG", b"PK\x03\x04")) and head.count(b"\x00") * 100 <= len(head)


def _looks_like_latex(data: bytes) -> bool:
    """A PDF, an image or a zip is not LaTeX; a real .tex sometimes holds stray NUL bytes."""
    if data.startswith((b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8")):
        return False
    return bool(_LATEX_COMMAND.search(data[:65536].replace(b"\x00", b"")))


# --- the main file -------------------------------------------------------------------------

_DOCUMENTCLASS = re.compile(r"^[ \t]*\\document(?:class|style)\b", re.M)
_BEGIN_DOCUMENT = re.compile(r"\\begin\s*\{document\}")
def find_main(files: dict[str, str], tex: list[str]) -> str:
    """The file LaTeX is run on: one with \\documentclass and \\begin{document}, not
    input by another file; a common name (main, ms, paper) or the largest breaks ties."""
    if len(tex) == 1:
        return tex[0]
    stripped = {name: strip_comments(files[name]) for name in tex}
    included = set()
    for text in stripped.values():
        for match in INPUT.finditer(text):
            target = (match.group(3) or match.group(4) or match.group(5) or "").strip()
            included.add(posixpath.basename(target).removesuffix(".tex"))

    def rank(name: str) -> tuple:
        text = stripped[name]
        stem = posixpath.basename(name).rsplit(".", 1)[0]
        return (
            bool(_DOCUMENTCLASS.search(text)) and bool(_BEGIN_DOCUMENT.search(text)),
            bool(_DOCUMENTCLASS.search(text)) or bool(_BEGIN_DOCUMENT.search(text)),
            stem not in included,
            stem.lower() in ("main", "ms", "paper", "article", "manuscript"),
            -name.count("/"),
            len(text),
        )

    return max(sorted(tex), key=rank)


