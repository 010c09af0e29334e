"""Every shape arXiv serves a source in, and the files a main file pulls in."""

from __future__ import annotations

import gzip
import io
import tarfile

import pytest

from opensota.extraction.latex import SourceError, read_latex

from .papers import paper, texts

RESULTS = r"""
\section{Results}
Table~\ref{tab:main} compares the models.
\begin{table}\caption{Main results.}\label{tab:main}
\begin{tabular}{lc} Model & Acc \\ Ours & 91.2 \\ \end{tabular}
\end{table}
"""


def make_tarball(path, files: dict[str, str], compress: bool = True) -> None:
    with tarfile.open(path, "w:gz" if compress else "w") as archive:
        for name, text in files.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def test_inputs_are_followed_relative_to_the_main_file(tmp_path):
    (tmp_path / "sections").mkdir()
    (tmp_path / "main.tex").write_text(paper(r"\input{sections/intro}" "\n" r"\include{sections/results.tex}"))
    (tmp_path / "sections" / "intro.tex").write_text(r"\section{Introduction} We read tables.")
    (tmp_path / "sections" / "results.tex").write_text(RESULTS)
    document = read_latex(tmp_path)
    assert document.key == tmp_path.name
    assert texts(document.tables[0]) == [["Model", "Acc"], ["Ours", "91.2"]]
    assert document.tables[0].source == "sections/results.tex"
    assert document.text.startswith("Introduction\n\nWe read tables.\n\nResults")
    assert document.warnings == []


@pytest.mark.parametrize("command", [r"\subfile{parts/results}", r"\import{parts/}{results}",
                                     r"\input parts/results.tex"])
def test_subfile_import_and_brace_less_input(tmp_path, command):
    (tmp_path / "parts").mkdir()
    (tmp_path / "main.tex").write_text(paper(command + "\n"))
    (tmp_path / "parts" / "results.tex").write_text(RESULTS)
    assert read_latex(tmp_path).tables[0].caption == "Main results."


def test_missing_inputs_and_cycles_are_warnings_not_errors(tmp_path):
    (tmp_path / "main.tex").write_text(paper(r"\input{loop}" "\n" r"\input{nowhere}" "\n" + RESULTS))
    (tmp_path / "loop.tex").write_text(r"Loop. \input{main}")
    document = read_latex(tmp_path)
    assert len(document.tables) == 1
    assert sorted(w.split(": ", 1)[1] for w in document.warnings) == [
        r"\input{main} includes itself (a cycle) — skipped",
        r"\input{nowhere} names no file in the source — skipped",
    ]
    assert document.warnings[1].startswith("main.tex line 5:")


def test_the_main_file_is_the_one_with_documentclass_and_begin_document(tmp_path):
    (tmp_path / "appendix.tex").write_text(r"\section{Appendix} " * 200)
    (tmp_path / "paper.tex").write_text(paper(r"\input{appendix}" + RESULTS))
    assert read_latex(tmp_path).tables[0].caption == "Main results."


def test_an_arxiv_tarball(tmp_path):
    path = tmp_path / "2004.10924.tar.gz"
    make_tarball(path, {"ms.tex": paper(r"\input{res}"), "res.tex": RESULTS, "fig.pdf": "%PDF-1.4"})
    document = read_latex(path)
    assert document.key == "2004.10924"
    assert document.tables[0].caption == "Main results."


def test_an_uncompressed_tarball_without_an_extension(tmp_path):
    path = tmp_path / "2004.10924"
    make_tarball(path, {"ms.tex": paper(RESULTS)}, compress=False)
    assert read_latex(path).tables[0].number == 1


def test_a_gzipped_single_tex_file_as_arxiv_serves_it(tmp_path):
    for name in ("1810.04805.tex.gz", "1810.04805.gz", "1810.04805"):
        path = tmp_path / name
        path.write_bytes(gzip.compress(paper(RESULTS).encode()))
        document = read_latex(path)
        assert (document.key, len(document.tables)) == ("1810.04805", 1)


def test_bib_and_bbl_files_of_a_tarball_give_titles(tmp_path):
    path = tmp_path / "x.tgz"
    make_tarball(path, {
        "main.tex": paper(r"\begin{tabular}{l} ResNet~\cite{he2016deep,vaswani} \\ \end{tabular}"),
        # arXiv 1512.03385's own entry, as Google Scholar exports it.
        "refs.bib": "@inproceedings{he2016deep,\n  title={Deep residual learning for image recognition},\n"
                    "  author={He, Kaiming and Zhang, Xiangyu},\n  booktitle={CVPR},\n  year={2016}\n}\n",
        "main.bbl": "\\begin{thebibliography}{1}\n\\bibitem{vaswani}\nA.~Vaswani et~al.\n"
                    "\\newblock Attention is all you need.\n\\newblock In {\\em NeurIPS}, 2017.\n"
                    "\\end{thebibliography}\n",
    })
    cell = read_latex(path).tables[0].rows[0][0]
    assert cell.text == "ResNet"
    assert cell.cites == ("Deep residual learning for image recognition", "Attention is all you need")


def written(name: str, data: bytes):
    def make(folder):
        (folder / name).write_bytes(data)
        return folder / name
    return make


def empty_folder(folder):
    (folder / "empty").mkdir()
    return folder / "empty"


@pytest.mark.parametrize("make, message", [
    (lambda folder: folder / "missing.tex", "no such file or folder"),
    (empty_folder, "no .tex file inside"),
    (written("figure.png", b"\x89PNG\r\n\x1a\n" + bytes(100)), "not a LaTeX file or an arXiv source archive"),
    (written("broken.tar.gz", b"\x1f\x8b\x08\x00garbage"), "not a readable gzip file"),
    (written("truncated.tar", b"x" * 300 + b"ustar" + bytes(300)), "not a readable tar archive"),
])
def test_unreadable_inputs_raise_a_source_error_naming_the_path(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(SourceError) as error:
        read_latex(path)
    assert str(error.value).startswith(str(path) + ": ")
    assert message in str(error.value)
    assert "\n" not in str(error.value)
