"""The linker's fast paths find exactly what the plain way of reading finds.

Each shortcut taken for speed (issue #5) is checked here against a straightforward
reference: the rule as it was written before the shortcut, kept in this file. Inputs are
generated from small vocabularies so the rare cases come up often: titles sharing their
first words, three-word titles, one title twice, titles that are prefixes of others, runs of
spaces, mixed case, unclosed BibTeX values.
"""

import random
import re
from dataclasses import replace

import pytest

from opensota.linking import detect, framework, mentions, official, readme, titles
from opensota.linking.titles import TitleIndex, fold, phrase_offset, spaced, title_words

VOCABULARY = ["neural", "networks", "learning", "deep", "graph", "convolutional", "attention", "end",
              "to", "image", "segmentation", "semantic", "a", "the", "of"]


# --- titles ---------------------------------------------------------------------------------

def reference_phrase_offset(text, words, start=0):
    reach = 3 * sum(map(len, words)) + 50
    position = text.find(words[0], start)
    while position >= 0:
        if (position == 0 or text[position - 1] == " ") and \
                tuple(text[position:position + reach].split()[:len(words)]) == words:
            return position
        position = text.find(words[0], position + 1)
    return -1


def reference_scan(catalog, folded):
    """One look-up per word in a dictionary of first three words, then offsets as before."""
    starts = {}
    for key, title in catalog:
        words = title_words(title)
        if len(words) >= 3 and titles.is_distinctive(words):
            starts.setdefault(words[:3], []).append((words, key))
    text = spaced(folded)
    words = text.split()
    hits = [(title, key) for i in range(len(words) - 2) for title, key in starts.get(tuple(words[i:i + 3]), ())
            if tuple(words[i:i + len(title)]) == title]
    cursor, found = 0, []
    for title, key in hits:
        offset = reference_phrase_offset(text, title, cursor)
        cursor = max(cursor, offset + 1)
        found.append((key, offset))
    return found


def test_phrase_offset_is_the_first_whole_phrase_at_or_after_start():
    rng = random.Random(1)
    pieces = ["a", "an", "end", "to", "ab", "depend", "endx", "xend"]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) + " " * rng.choice((1, 1, 2, 3)) for _ in range(rng.randint(0, 20)))
        text = " " * rng.randint(0, 2) + (text.rstrip() if rng.random() < 0.5 else text)
        words = tuple(rng.choice(pieces) for _ in range(rng.randint(1, 4)))
        start = rng.randint(0, len(text))
        assert phrase_offset(text, words, start) == reference_phrase_offset(text, words, start), (text, words)


def test_scan_finds_what_one_look_up_per_word_finds():
    rng = random.Random(2)
    for _ in range(150):
        catalog = []
        for n in range(rng.randint(1, 200)):
            title = " ".join(rng.choice(VOCABULARY) for _ in range(rng.choice((3, 3, 4, 5, 6, 9))))
            if catalog and rng.random() < 0.1:
                title = rng.choice(catalog)[1]  # the same title twice
            if catalog and rng.random() < 0.1:
                words = rng.choice(catalog)[1].split()
                title = " ".join(words[:max(3, len(words) - 1)])  # a prefix of another title
            catalog.append((f"p{n}", title))
        index = TitleIndex(catalog)
        for _ in range(10):
            parts = [rng.choice(VOCABULARY + ["x", "-", ",", " "]) for _ in range(rng.randint(0, 80))]
            for _ in range(rng.randint(0, 4)):
                parts.insert(rng.randint(0, len(parts)), rng.choice(catalog)[1])
            folded = fold(" ".join(parts))
            assert [(hit.key, hit.start) for hit in index.scan(folded)] == reference_scan(catalog, folded)


def test_a_title_added_after_a_scan_is_found_by_the_next_one():
    # The index is never rebuilt: titles added after a scan count in the next one.
    index = TitleIndex((f"p{n}", f"end to end {word} networks") for n, word in enumerate(VOCABULARY))
    text = "we train end-to-end graph neural networks"
    assert list(index.scan(fold(text))) == []
    index.add("late", "End-to-End Graph Neural Networks")
    assert [hit.key for hit in index.scan(fold(text))] == ["late"]


def reference_prefix_distance(title, window, budget):
    previous = list(range(len(window) + 1))
    for i, word in enumerate(title, start=1):
        current = [i] + [0] * len(window)
        for j in range(1, len(window) + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != window[j - 1]))
        if min(current) > budget:
            return budget + 1
        previous = current
    return min(previous)


def test_banded_edit_distance_decides_as_the_full_one():
    rng = random.Random(3)
    for _ in range(20_000):
        title = tuple(rng.choice("abcd") for _ in range(rng.randint(1, 13)))
        window = tuple(rng.choice("abcd") for _ in range(rng.randint(0, 16)))
        budget = rng.choice((1, 2))
        assert (titles._prefix_distance(title, window, budget) <= budget) == \
            (reference_prefix_distance(title, window, budget) <= budget), (title, window, budget)


def test_near_titles_in_crowded_buckets_are_all_found():
    # Many long titles share their first and last stems; near matches must not be missed
    # by the look-up through a bucket's stems.
    rng = random.Random(4)
    middles = [" ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(3, 9))) for _ in range(60)]
    catalog = [(f"p{n}", f"Deep Graph Learning {middle} for Image Segmentation") for n, middle in enumerate(middles)]
    index = TitleIndex(catalog)
    for n, middle in enumerate(middles):
        words = list(title_words(catalog[n][1]))
        words.insert(rng.randint(1, len(words) - 1), "really")  # one word added
        found = [hit.key for hit in index.match_span(tuple(words), 0)]
        assert f"p{n}" in found


# --- README structure -----------------------------------------------------------------------

def test_labelled_titles_are_the_regex_matches():
    rng = random.Random(5)
    pieces = ["paper", "title", "publication", "subtitle", ":", " ", "\t", "\n", "abc", "https://x.y",
              "paper :", "x" * 10, "a b c d e f g h", "\r", "y" * 200]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        expected = [(m.start("t"), m.group("t")) for m in readme._LABELLED_TITLE.finditer(text)]
        assert readme._labelled_titles(text) == expected, text


def reference_read_value(text, position, opener):
    if opener == "\"":
        end = text.find("\"", position)
        end = len(text) if end < 0 else end
        return text[position:end], end + 1
    depth, start = 1, position
    while position < len(text) and depth:
        depth += text[position] == "{"
        depth -= text[position] == "}"
        position += 1
    return text[start:position - 1], position


def reference_bibtex(text):
    for match in readme._BIBTEX_START.finditer(text):
        position, depth, fields = match.end(), 1, {}
        while position < len(text) and depth > 0:
            skip = position
            while skip < len(text) and text[skip] in " \t\r\n,":
                skip += 1
            field = readme._BIBTEX_FIELD.match(text, skip)
            if field:
                value, position = reference_read_value(text, field.end(), field.group("open"))
                fields[field.group("name").lower()] = re.sub(r"[{}\\]", "", " ".join(value.split()))
                continue
            depth += text[position] == "{"
            depth -= text[position] == "}"
            position += 1
            if position - match.end() > 5000:
                break
        yield match.start(), position, fields


def test_bibtex_entries_are_read_as_character_by_character():
    rng = random.Random(6)
    pieces = ["@article{", "@misc{x,", "title", "=", "{", "}", "\"", ",", " ", "\n", "author", "B", "\\",
              "year = 2020", "x=", "{{", "}}"]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        assert [(e.start, e.end, e.fields) for e in readme._parse_bibtex(text)] == list(reference_bibtex(text))
        for position in range(0, len(text), 5):
            for opener in "{\"":
                assert readme._read_value(text, position, opener) == reference_read_value(text, position, opener)



def test_long_bibtex_entries_end_where_read_character_by_character():
    # Past 5,000 characters an entry is cut: runs skipped at once must stop where steps did.
    rng = random.Random(14)
    pieces = ["@article{k,", "title = {T}", "year = 2020", ",", " ", "\n", "x" * 700, "1" * 900, "{", "}",
              "abc def", "note=\"n\"", "-" * 400, "\t"]
    for _ in range(2_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        assert [(e.start, e.end, e.fields) for e in readme._parse_bibtex(text)] == list(reference_bibtex(text))

def test_sentence_bounds_cut_as_splitting_the_sentence_did():
    text = ("Intro line.\n\n- item one. Based on X (arXiv:1706.03762) we go.\n  * second.   Next One "
            "here.\n| table | row |\nEnd of it! Another sentence follows here.")
    document = readme.Readme(text)
    for offset in range(-1, len(text) + 1):
        before = re.split(r"\n\s*\n|\n\s*[-*+|]\s|(?<=[.!?])\s+(?=[A-Z])", text[max(0, offset - 160):offset])[-1]
        after = re.split(r"\n\s*\n|\n\s*[-*+|]\s", text[offset:offset + 160])[0]
        assert document.sentence_at(offset) == (before, after), offset



def test_sentence_breaks_start_at_their_space_as_the_look_behind_found_them():
    reference = re.compile(r"\n\s*\n|\n\s*[-*+|]\s|(?<=[.!?])\s+(?=[A-Z])")
    rng = random.Random(11)
    pieces = [" ", "\n", "\t", "\r", "\u00a0", ".", "!", "?", "A", "b", "-", "*", "|", "+", "x. Y"]
    for _ in range(50_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in readme._SENTENCE_BREAK_BEFORE.finditer(text)] == \
            [m.span() for m in reference.finditer(text)], repr(text)


def test_wording_grouped_by_first_letter_matches_as_listed():
    secondary = re.compile(
        r"\b(?:based on|build(?:s)? (?:up)?on|built (?:up)?on|borrow(?:ed|s)?|adapted from|modified from|"
        r"taken from|inspired by|thanks?|grateful|acknowledg|compared? (?:to|with)|baselines?|"
        r"pre-?trained|we (?:use|used|follow|adopt)|following|extension of|extends|previous(?:ly)?|"
        r"prior (?:work|art|method)|earlier|see also|related|also check|other|refer to|courtesy|"
        r"from the (?:repo|repository|code)|forked from|fork of|dataset|data set|benchmark)")
    primary = re.compile(
        r"\b(?:our (?:paper|work|method|approach)|this (?:paper|work)|official|implementation of|"
        r"code (?:for|of)|accompan|please cite|cite (?:our|this|the)|if you (?:find|use)|"
        r"repository (?:contains|for|of)|repo (?:for|of|contains)|reproduc|paper:|\[paper\]|arxiv\])")
    pieces = ["based on", "build", "builds upon", "borrowed", "baseline", "thank", "thanks", "we use", "we used",
              "see also", "also check", "other", "data set", "from the repo", "repository for", "repo of",
              "our paper", "official", "x", "[paper]", "arxiv]", "paper:", " ", "-", "pre", "trained", "s"]
    rng = random.Random(12)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        for fast, plain in ((detect._SECONDARY_WORDING, secondary), (detect._PRIMARY_WORDING, primary)):
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_how_an_arxiv_id_is_written_is_read_as_the_patterns_read_it():
    pieces = ["arxiv.org/abs/", "ArXiv.org/PDF/", "arxiv.org/format/", "arXiv:", "arxiv", " ", "\n", "corr abs/",
              "CoRR, vol. abs/", "eprint = {", "eprint=\"", "x", "/", ".", "abs/", "é"]
    rng = random.Random(13)
    for _ in range(50_000):
        before = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))[-40:]
        expected = ("arXiv URL" if mentions._URL_BEFORE.search(before) else
                    "arXiv citation" if mentions._CITATION_BEFORE.search(before) else "arXiv id")
        assert mentions._written(before) == expected, before

# --- identifiers, frameworks, official wording ----------------------------------------------

MENTION_PIECES = ["arXiv:1706.03762v5", "https://arxiv.org/abs/1905.12345", "ARXIV.ORG/PDF/hep-th/9901001v2",
                  "doi:10.1145/3292500.3330701", "DOI = {10.18653/v1/P19-1001}", "https://doi.org/10.1109/CVPR.2016.90.",
                  "http://openaccess.thecvf.com/content_cvpr_2017/html/Zheng_Person_CVPR_2017_paper.html",
                  "OpenAccess.TheCVF.com/content_ICCV_2019/papers/X_ICCV_2019_paper.pdf",
                  "PAPERS.NeurIPS.cc/paper/2020/hash/0123456789ABCDEF0123456789abcdef-Abstract.html",
                  "https://papers.nips.cc/paper/7181-attention", "proceedings.mlr.press/v80/pham18a.html",
                  "https://www.aclweb.org/anthology/P19-1001", "ACLAnthology.org/N19-1423.pdf", "1234.56789",
                  "v2.1805.12345", "10.1234/", " ", "\n", "x", ".", "eprint = {1805.12345}", "CoRR abs/1706.03762"]


def reference_find_dois(text):
    position = text.find("10.")
    while position >= 0 and not (text[position + 3:position + 7].isdigit() and "/" in text[position + 7:position + 13]):
        position = text.find("10.", position + 1)
    if position < 0:
        return []
    return [(mentions.normalise_doi(m.group("doi")), m.start("doi")) for m in mentions.DOI.finditer(text)]


def reference_find_proceedings(text):
    return [(key, m.start(), f"{venue.upper()} page") for venue, pattern in mentions._PROCEEDINGS
            for m in pattern.finditer(text) if (key := mentions.proceedings_key(m.group(0)))]


def test_lower_cased_patterns_find_what_case_insensitive_ones_find():
    rng = random.Random(7)
    for _ in range(5_000):
        text = "".join(rng.choice(MENTION_PIECES) for _ in range(rng.randint(1, 10)))
        assert [(m.key, m.start) for m in mentions.find_dois(text)] == reference_find_dois(text), text
        assert [(m.key, m.start, m.form) for m in mentions.find_proceedings(text)] == \
            reference_find_proceedings(text), text


def test_arxiv_id_candidates_are_the_digits_around_each_dot():
    rng = random.Random(8)
    for _ in range(5_000):
        text = "".join(rng.choice(MENTION_PIECES + ["12345.6789", "1.2.3.4", "2010.12345."]) for _ in range(8))
        expected, dot = [], text.find(".", 4)
        while dot >= 0:
            if text[dot - 4:dot].isdigit() and text[dot + 1:dot + 5].isdigit():
                match = mentions._NEW_ID_CORE.match(text, dot - 4)
                if match:
                    expected.append(match.span())
            dot = text.find(".", dot + 1)
        assert [m.span() for m in mentions._new_id_candidates(text)] == expected, text


def test_framework_words_need_no_look_behind():
    look_behind = re.compile(r"(?<![\w-])" + framework.README_WORD.pattern)
    rng = random.Random(9)
    pieces = ["torch", "pytorch", "py-torch", "torch7", "torch 7", "lua torch", "xtorch", "-torch", "_torch",
              "é", "1", " ", "-", "marian-nmt", "keras", "caffe2", "tensor-flow", "\n", "deep learning toolbox"]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 15)))
        assert [m.span() for m in framework._readme_words(text)] == [m.span() for m in look_behind.finditer(text)]


def test_import_lines_read_once_weigh_as_before():
    lines = ("import torch", "from torch import nn", "import numpy as np", "import tensorflow as tf",
             "from pytorch_lightning import Trainer", "import torch", "x = 1", "from keras.layers import Dense")
    strengths, modules = framework._import_strengths(lines)
    assert strengths == {"pytorch": 4.0, "tf": 2.0}
    assert modules == {"pytorch": "torch", "tf": "tensorflow"}


@pytest.mark.parametrize("rule", official.OFFICIAL_WORDING + official.COMMUNITY_WORDING + official.REDONE_WORDING
                         + official.FRAMEWORK_IMPLEMENTATION)
def test_a_rule_skipped_for_want_of_its_words_would_have_found_nothing(rule):
    plain = replace(rule, needs=())
    snippets = ["This is the official PyTorch implementation of our paper.", "not the official code",
                "This is NOT an official implementation; see the authors' code.", "this is the original code",
                "This is the original authors' implementation.", "An unofficial TensorFlow port.",
                "A non-official version of the code.", "We are not affiliated with the original authors.",
                "A re-implementation of X.", "A reimplemented model.", "Reproduction of the paper's results.",
                "An attempt to replicate Y.", "Ported from Caffe.", "Port of the original code.", "support of",
                "A third-party implementation.", "PyTorch implementation of Z.", "by Smith et al.", "\n", " "]
    rng = random.Random(10)
    for _ in range(500):
        text = " ".join(rng.choice(snippets) for _ in range(rng.randint(1, 6))).lower()
        assert [m.span() for m in official._hits(text, rule)] == [m.span() for m in official._hits(text, plain)]


# --- the scan's set of anchors, and substring tests before regex scans ------------------------

def test_scan_on_real_readme_snippets_finds_what_one_look_up_per_word_finds():
    # Real README lines with catalog titles planted at odd and even words, once and twice:
    # the anchors probed in a set (then read from the dictionary) must find every title.
    from tests.linking.fixtures import framework_official_kinds_snippets as s

    catalog = [("densenet", "Densely Connected Convolutional Networks"),
               ("vrn", "Large Pose 3D Face Reconstruction from a Single Image via Direct Volumetric Regression"),
               ("pcc", "Prediction, Consistency, Curvature: Representation Learning for Locally-Linear Control"),
               ("idcnn", "Fast and Accurate Entity Recognition with Iterated Dilated Convolutions"),
               ("three", "Iterated Dilated Convolutions"), ("prefix", "Large Pose 3D Face Reconstruction")]
    index = TitleIndex(catalog)
    snippets = [s.DENSENET_BIBTEX, s.VRN_README, s.PCC_README, s.DILATED_CNN_README, s.GENSEN_README,
                s.D2L_README, s.STARGAN_README]
    rng = random.Random(15)
    for _ in range(300):
        parts = [rng.choice(snippets) for _ in range(rng.randint(1, 3))]
        for _ in range(rng.randint(0, 3)):
            parts.insert(rng.randint(0, len(parts)), rng.choice(["x ", ""]) + rng.choice(catalog)[1])
        folded = fold(" ".join(parts))
        assert [(hit.key, hit.start) for hit in index.scan(folded)] == reference_scan(catalog, folded)


def test_openreview_links_are_found_as_the_regex_finds_them():
    from tests.linking.fixtures import framework_official_kinds_snippets as s

    pieces = ["https://openreview.net/forum?id=rJXMpikCZ", "openreview.net/pdf?id=Hk-x_5", "OpenReview.net/forum?id=a",
              "openreview.net/", "?id=", " ", s.GENSEN_README, s.PCC_README]
    rng = random.Random(16)
    for _ in range(2_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        assert [(m.key, m.start) for m in mentions.find_openreview(text)] == \
            [(m.group("id"), m.start()) for m in mentions.OPENREVIEW.finditer(text)], text


def test_bibtex_is_read_as_before_in_real_readme_snippets():
    from tests.linking.fixtures import framework_official_kinds_snippets as s

    snippets = [s.DENSENET_BIBTEX, s.VRN_README, s.PCC_README, s.GENSEN_README, s.D2L_README, "@", "}"]
    rng = random.Random(17)
    for _ in range(2_000):
        text = "\n".join(rng.choice(snippets) for _ in range(rng.randint(0, 4)))
        assert [(e.start, e.end, e.fields) for e in readme._parse_bibtex(text)] == list(reference_bibtex(text))
