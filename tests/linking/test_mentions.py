"""Paper identifiers in free text: every spelling of one paper reduces to one key."""

import pytest

from opensota.linking.mentions import (
    find_arxiv_ids,
    find_dois,
    find_github_repositories,
    find_identifiers,
    find_openreview,
    proceedings_key,
)
from opensota.linking.readme import Readme


def keys(mentions):
    return [(m.key, m.form) for m in mentions]


@pytest.mark.parametrize("text, expected", [
    ("https://arxiv.org/abs/1706.03762", [("1706.03762", "arXiv URL")]),
    ("http://arxiv.org/pdf/1810.04805v2.pdf", [("1810.04805", "arXiv URL")]),
    ("https://arxiv.org/html/2401.00001v3", [("2401.00001", "arXiv URL")]),
    ("https://export.arxiv.org/abs/1412.6980", [("1412.6980", "arXiv URL")]),
    ("arXiv preprint arXiv:1512.03385", [("1512.03385", "arXiv citation")]),
    ("arXiv:1604.02531, 2016", [("1604.02531", "arXiv citation")]),
    ("CoRR abs/1409.2329", [("1409.2329", "arXiv citation")]),
    ("eprint={2006.07739},\n archivePrefix={arXiv}", [("2006.07739", "arXiv citation")]),
    ("see 1912.01703 for details", [("1912.01703", "arXiv id")]),
    ("https://arxiv.org/abs/hep-th/9901001v2", [("hep-th/9901001", "arXiv URL")]),
    ("arXiv:cs.CV/0102003", [("cs.cv/0102003", "arXiv citation")]),
])
def test_every_arxiv_spelling_gives_the_versionless_id(text, expected):
    assert keys(find_arxiv_ids(text)) == expected


@pytest.mark.parametrize("text", [
    "version 2.1805.12345",       # part of a longer dotted number
    "served on 192.168.1.1",      # an address
    "torch==1.10.2 numpy 1.2345",  # versions
    "a year 2019.12345",          # month 19 does not exist
    "1234.567890 is too long",
    "1706.03762x",                # glued to a word
])
def test_numbers_that_only_look_like_arxiv_ids_are_ignored(text):
    assert find_arxiv_ids(text) == []


def test_ligatures_and_quotes_are_folded_before_matching():
    # AI-secure/QEBA README (ebd4ec4): the title is typed with the "ﬃ" ligature.
    assert "Efficient" in Readme("Query-Efﬁcient").text
    assert Readme("\u201cQEBA\u201d").text == '"QEBA"'  # typographic quotes stay quotes


def test_dois_from_urls_and_citations():
    text = "doi: 10.1145/3292500.3330701. Also https://doi.org/10.18653/v1/P19-1001)"
    assert [m.key for m in find_dois(text)] == ["10.1145/3292500.3330701", "10.18653/v1/p19-1001"]


def test_openreview_ids_keep_their_case():
    assert [m.key for m in find_openreview("https://openreview.net/forum?id=H1gDNyrKDS")] == ["H1gDNyrKDS"]


@pytest.mark.parametrize("url, key", [
    ("http://openaccess.thecvf.com/content_cvpr_2016/html/Noh_Image_Question_Answering_CVPR_2016_paper.html",
     "cvf:cvpr_2016/noh_image_question_answering_cvpr_2016"),
    ("http://openaccess.thecvf.com/content_cvpr_2016/papers/Noh_Image_Question_Answering_CVPR_2016_paper.pdf",
     "cvf:cvpr_2016/noh_image_question_answering_cvpr_2016"),
    ("http://papers.nips.cc/paper/7112-scalable-trust-region-method.pdf", "neurips:7112"),
    ("https://proceedings.neurips.cc/paper/2020/hash/1457c0d6bfcb4967418bfb8ac142f64a-Abstract.html",
     "neurips:1457c0d6bfcb4967418bfb8ac142f64a"),
    ("http://proceedings.mlr.press/v80/haghiri18a.html", "pmlr:v80/haghiri18a"),
    ("http://proceedings.mlr.press/v48/johnson16.pdf", "pmlr:v48/johnson16"),
    ("https://aclanthology.org/P19-1001/", "acl:p19-1001"),
    ("http://www.aclweb.org/anthology/K17-3014", "acl:k17-3014"),
    ("https://example.org/paper.pdf", None),
])
def test_a_proceedings_page_and_its_pdf_share_one_key(url, key):
    assert proceedings_key(url) == key


def test_github_repositories_in_a_paper_abstract():
    abstract = "Code is available at https://github.com/NVlabs/MUNIT. and github.com/foo/bar.git"
    assert [m.key for m in find_github_repositories(abstract)] == ["nvlabs/munit", "foo/bar"]


def test_identifiers_come_in_reading_order():
    text = "[paper](https://arxiv.org/abs/2012.07219) then doi 10.1000/xyz123 then arXiv:1706.03762"
    assert [m.kind for m in find_identifiers(text)] == ["arxiv", "doi", "arxiv"]
