"""Titles in READMEs: exact anywhere when distinctive, near only where a title is expected."""

from opensota.linking.titles import TitleIndex, fold, is_distinctive, method_name, title_words


def index(*titles):
    return TitleIndex((f"p{i}", title) for i, title in enumerate(titles))


def scan(titles: TitleIndex, text: str):
    return [(hit.key, hit.start) for hit in titles.scan(fold(text))]


def test_title_words_fold_case_accents_ligatures_and_punctuation():
    assert title_words("Query-Efﬁcient Boundary-Based Blackbox Attack") == (
        "query", "efficient", "boundary", "based", "blackbox", "attack")
    assert title_words("Réseaux: PointNet++") == ("reseaux", "pointnet")


def test_an_exact_title_is_found_anywhere_with_its_offset():
    titles = index("Person Re-Identification in the Wild")
    text = 'Liang Zheng, Qi Tian, "Person Re-identification in the Wild", arXiv:1604.02531'
    assert scan(titles, text) == [("p0", text.index("Person"))]


def test_each_occurrence_is_reported_at_its_own_place():
    titles = index("Image Subtraction in Fourier Space")
    text = "fast image subtraction in Fourier space.\n## Citing\n*Image Subtraction in Fourier Space*"
    assert [start for _, start in scan(titles, text)] == [5, text.rindex("Image")]


def test_generic_and_truncated_titles_are_not_distinctive():
    assert not is_distinctive(title_words("Attention is All you Need"))
    assert not is_distinctive(title_words("The Expressive Power of"))
    assert not is_distinctive(title_words("Deep Image Prior"))
    assert is_distinctive(title_words("Person Re-Identification in the Wild"))


def test_near_titles_match_a_changed_word_form():
    # qslim/epcb-gnns README (87bca5b) names its paper with other word forms.
    titles = index("Breaking the Expressive Bottlenecks of Graph Neural Networks")
    span = title_words("Breaking the Expression Bottleneck of Graph Neural Networks")
    assert [hit.key for hit in titles.match_span(span, 0)] == ["p0"]


def test_near_titles_match_a_dropped_or_added_word():
    # kocurvik/rdnet (6738167) drops "Really"; hrhodin's README (48015a4) adds "Learning".
    titles = index("Are Minimal Radial Distortion Solvers Really Necessary for Relative Pose Estimation?",
                   "Unsupervised Geometry-Aware Representation for 3D Human Pose Estimation")
    dropped = title_words("Are Minimal Radial Distortion Solvers Necessary for Relative Pose Estimation?")
    added = title_words("Unsupervised Geometry-Aware Representation Learning for 3D Human Pose Estimation")
    assert [hit.key for hit in titles.match_span(dropped, 0)] == ["p0"]
    assert [hit.key for hit in titles.match_span(added, 0)] == ["p1"]


def test_near_matching_does_not_confuse_short_or_different_titles():
    # yunjey/StarGAN's BibTeX title must not match MUNIT's, one word apart but short.
    titles = index("Multimodal Unsupervised Image-to-image Translation",
                   "Fully Convolutional Networks for Semantic Segmentation")
    for text in ("StarGAN: Unified Generative Adversarial Networks for Multi-Domain Image-to-Image Translation",
                 "Fully Convolutional DenseNets for Semantic Segmentation"):
        assert [hit.key for hit in titles.match_span(title_words(text), 0) if not hit.exact] == []


def test_a_span_that_is_exactly_a_short_title_matches_it():
    titles = index("Deep Image Prior")
    [hit] = titles.match_span(title_words("Deep image prior"), 0)
    assert hit.exact and not hit.distinctive


def test_repositories_named_after_a_unique_method():
    assert method_name("FogROS 2: An Adaptive and Extensible Platform for Cloud and Fog Robotics") == "fogros2"
    assert method_name("A Study: of Things") is None  # ordinary words, not a coined name
    assert method_name("Mask R-CNN: detection") == "maskrcnn"
    titles = index("QEBA: Query-Efficient Boundary-Based Blackbox Attack", "BERT: Pre-training", "BERT: Other")
    assert titles.papers_named("QEBA") == ["p0"]
    assert titles.papers_named("bert") == []  # two papers claim the name: no guess
