"""Linking the names a paper writes to the vocabulary's names: folding, variants, the
dataset index (capitals, acronyms, abbreviations the paper defines) and metric headers."""

import pytest

from opensota.extraction.names import NameIndex, fold, match_metric, variants
from opensota.extraction.vocabulary import Term


def found(index: NameIndex, text: str) -> list[tuple[str, str]]:
    return [(hit.term.name, hit.text) for hit in index.find(text)]


# ---------------------------------------------------------------- fold


def test_fold_lowercases_and_drops_accents():
    assert fold("Café") == fold("cafe") == "cafe"
    assert fold("Naïve Bayes Übersetzung") == "naive baye ubersetzung"


def test_fold_turns_punctuation_into_word_breaks():
    assert fold("CNN/Daily Mail") == fold("CNN / Daily-Mail") == "cnn daily mail"
    assert fold("WikiText-103") == "wikitext 103"


def test_fold_keeps_a_version_number_whole():
    assert fold("SQuAD 1.1") == "squad 1.1"
    assert fold("SQuAD 1.1") != fold("SQuAD 11")


def test_fold_makes_plurals_compare_equal_to_singulars():
    assert fold("Datasets") == fold("dataset")
    assert fold("1B Words") == fold("1B Word") == "1b word"


def test_fold_leaves_short_words_and_double_s_alone():
    assert fold("bus") == "bus"
    assert fold("class") == "class"
    assert fold("loss") == "loss"


# ---------------------------------------------------------------- variants


def test_a_name_is_its_own_exact_variant():
    assert variants("Penn Treebank")["penn treebank"] == "exact name"
    assert variants("SNLI") == {"snli": "exact name"}


def test_a_name_of_two_or_three_words_is_also_written_as_one():
    assert variants("CNN / Daily Mail")["dailymail"] == "name written as one word"
    assert "cnndailymail" in variants("CNN / Daily Mail")
    assert variants("WMT 2014")["wmt2014"] == "name with a short year"  # the year's business, not this one's


def test_a_name_is_also_written_without_its_parenthesis():
    assert variants("ImageNet (val)")["imagenet"] == "name without its parenthesis"


def test_a_parenthesised_abbreviation_is_a_variant():
    forms = variants("ICSI Meeting Recorder Dialog Act (MRDA) corpus")
    assert forms["mrda"] == "abbreviation in its name"
    assert forms["icsi meeting recorder dialog act corpus"] == "name without its parenthesis"


def test_a_parenthesis_that_is_not_an_abbreviation_is_not_a_variant():
    assert "val" not in variants("ImageNet (val)")
    assert "word level" not in variants("Penn Treebank (Word Level)")


def test_each_side_of_a_slash_with_two_words_or_more_is_a_variant():
    forms = variants("1B Words / Google Billion Word benchmark")
    assert forms["1b word"] == "one side of its name"
    assert forms["google billion word benchmark"] == "one side of its name"


def test_a_one_word_side_of_a_slash_is_not_a_variant():
    forms = variants("CNN / Daily Mail")
    assert "daily mail" in forms
    assert "cnn" not in forms


def test_a_generic_tail_like_dataset_can_be_dropped():
    assert variants("SQuAD1.1 dataset")["squad1.1"] == "name without 'dataset'"
    assert variants("1B Words / Google Billion Word benchmark")["google billion word"] == "name without 'dataset'"
    assert "icsi meeting recorder dialog act" in variants("ICSI Meeting Recorder Dialog Act (MRDA) corpus")


def test_a_generic_tail_is_kept_when_too_little_name_would_remain():
    assert "wmt" not in variants("WMT data")


# ---------------------------------------------------------------- NameIndex.find


def test_find_reports_the_term_the_words_it_was_written_as_and_how():
    index = NameIndex([Term("WikiText-103")])
    [hit] = index.find("results on wikitext-103 are")
    assert (hit.term.name, hit.text, hit.how, hit.position) == ("WikiText-103", "wikitext 103", "exact name", 2)


def test_find_matches_an_alias_as_a_synonym():
    index = NameIndex([Term("Universal Dependencies", ("UD treebanks",))])
    assert [hit.how for hit in index.find("on the UD treebanks")] == ["synonym"]


def test_find_reads_a_name_written_as_one_word_and_one_written_apart():
    index = NameIndex([Term("CNN / Daily Mail"), Term("TrecQA")])
    # ACL D18-1205: "samples from CNN/DailyMail test set"; "TREC-QA" is TrecQA.
    assert [hit.term.name for hit in index.find("samples from CNN/DailyMail and TREC-QA")] == [
        "CNN / Daily Mail", "TrecQA"]


def test_find_prefers_the_longest_name():
    index = NameIndex([Term("SQuAD"), Term("SQuAD 2.0")])
    assert found(index, "SQuAD 2.0 dev set") == [("SQuAD 2.0", "SQuAD 2.0")]


def test_find_does_not_report_overlapping_names():
    index = NameIndex([Term("Penn Treebank"), Term("Treebank Collection")])
    assert found(index, "Penn Treebank Collection") == [("Penn Treebank", "Penn Treebank")]


def test_find_reports_every_name_in_order():
    index = NameIndex([Term("CIFAR-10"), Term("CIFAR-100")])
    assert found(index, "CIFAR-100 and CIFAR-10") == [("CIFAR-100", "CIFAR 100"), ("CIFAR-10", "CIFAR 10")]


def test_short_names_count_only_in_capitals():
    index = NameIndex([Term("MSR"), Term("AS"), Term("Universal Dependencies", ("UD",))])
    assert found(index, "MSR corpus") == [("MSR", "MSR")]
    assert found(index, "UD v2.2") == [("Universal Dependencies", "UD")]
    assert found(index, "the msr corpus") == []
    assert found(index, "as well as the ud") == []


def test_longer_names_count_whatever_their_case():
    index = NameIndex([Term("SQuAD")])
    assert found(index, "trained on squad") == [("SQuAD", "squad")]


def test_an_acronym_of_a_multi_word_name_is_found():
    index = NameIndex([Term("Penn Treebank"), Term("Chinese Treebank 6")])
    assert [(hit.term.name, hit.how) for hit in index.find("results on PTB")] == [
        ("Penn Treebank", "acronym of its name")]
    assert found(index, "CTB6 test") == [("Chinese Treebank 6", "CTB6")]


def test_an_acronym_must_agree_on_the_numbers():
    index = NameIndex([Term("Chinese Treebank 6")])
    assert found(index, "CTB7 test") == []
    assert found(index, "CTB test") == []


def test_an_acronym_needs_three_letters_or_more():
    index = NameIndex([Term("Penn Treebank")])
    assert found(index, "PT results") == []


def test_an_acronym_must_be_written_in_capitals():
    index = NameIndex([Term("Penn Treebank")])
    assert found(index, "ptb results") == []


def test_an_acronym_may_skip_little_words_of_the_name():
    index = NameIndex([Term("Wall Street Journal of the Day")])
    assert found(index, "WSJD section") == [("Wall Street Journal of the Day", "WSJD")]


def test_an_acronym_may_not_skip_a_significant_word():
    index = NameIndex([Term("Penn Chinese Treebank")])
    assert found(index, "PTB") == []


# ---------------------------------------------------------------- with_abbreviations


def test_an_abbreviation_the_paper_defines_is_found_afterwards():
    index = NameIndex([Term("Penn Treebank")]).with_abbreviations(
        "We evaluate on the Penn Treebank (PT) and report perplexity.")
    [hit] = index.find("PT test")
    assert (hit.term.name, hit.text, hit.how) == ("Penn Treebank", "PT", "abbreviation defined in the paper")


def test_a_defined_abbreviation_is_preferred_over_an_acronym_guess():
    index = NameIndex([Term("Penn Treebank")]).with_abbreviations("the Penn Treebank (PTB) benchmark")
    assert [hit.how for hit in index.find("PTB")] == ["abbreviation defined in the paper"]


def test_a_defined_abbreviation_links_the_known_name_at_the_end_of_the_phrase():
    index = NameIndex([Term("Stanford Sentiment Treebank")]).with_abbreviations(
        "Experiments on the Stanford Sentiment Treebank (SSTB) show")
    assert found(index, "SSTB accuracy") == [("Stanford Sentiment Treebank", "SSTB")]


def test_a_defined_abbreviation_still_needs_capitals():
    index = NameIndex([Term("Penn Treebank")]).with_abbreviations("the Penn Treebank (PT) benchmark")
    assert found(index, "pt test") == []


def test_an_abbreviation_of_an_unknown_name_is_not_learnt():
    index = NameIndex([Term("Penn Treebank")]).with_abbreviations("the Stanford Parser Data (SPDX) set")
    assert found(index, "SPDX") == []


def test_with_abbreviations_leaves_the_original_index_unchanged():
    index = NameIndex([Term("Penn Treebank")])
    index.with_abbreviations("the Penn Treebank (PT) benchmark")
    assert found(index, "PT") == []


# ---------------------------------------------------------------- match_metric

PERPLEXITIES = [Term("Validation perplexity", higher_is_better=False), Term("Test perplexity", higher_is_better=False)]


def metric(header, metrics, context="", popularity=None):
    result = match_metric(header, metrics, context, popularity)
    return None if result is None else (result[0].name, result[1])


def test_an_abbreviated_header_names_the_metric_whose_words_it_has():
    assert metric("Test PPL", PERPLEXITIES) == ("Test perplexity", 0.9)
    assert metric("Acc.", [Term("Accuracy"), Term("Error")]) == ("Accuracy", 0.9)
    assert metric("Err.", [Term("Accuracy"), Term("Error")]) == ("Error", 0.9)


def test_a_header_without_all_the_words_of_a_metric_names_none():
    assert metric("PPL", PERPLEXITIES) is None


def test_a_header_naming_no_metric_gives_none():
    assert metric("Speed", [Term("Accuracy"), Term("F1")]) is None
    assert metric("Test PPL", []) is None


def test_the_metric_with_more_of_the_header_words_wins():
    metrics = [Term("Accuracy"), Term("Top-1 Accuracy"), Term("Top-5 Accuracy")]
    assert metric("Top-1 Acc", metrics) == ("Top-1 Accuracy", 0.9)


def test_a_metric_named_exactly_as_the_header_wins_over_a_synonym():
    metrics = [Term("F1-score"), Term("F1")]
    assert metric("F1", metrics) == ("F1", 0.9)
    assert metric("F1-score", metrics) == ("F1-score", 0.9)
    assert metric("F-measure", [Term("Accuracy"), Term("F1")]) == ("F1", 0.9)


def test_the_last_part_of_a_split_header_names_the_metric():
    metrics = [Term("EM"), Term("F1")]
    assert metric("EM / F1", metrics) == ("F1", 0.9)
    assert metric("CIFAR-10 / Err.", [Term("Error")]) == ("Error", 0.9)


def test_popularity_breaks_the_remaining_ties():
    metrics = [Term("Test perplexity", ("Perplexity",)), Term("Validation perplexity", ("Perplexity",))]
    assert metric("PPL", metrics, popularity={"Validation perplexity": 3, "Test perplexity": 7})[0] == "Test perplexity"
    assert metric("PPL", metrics, popularity={"Validation perplexity": 7, "Test perplexity": 3})[0] == (
        "Validation perplexity")


def test_words_from_the_context_give_a_lower_confidence():
    assert metric("Test", PERPLEXITIES, context="Table 2: Perplexity on the Penn Treebank") == ("Test perplexity", 0.6)


def test_the_header_itself_beats_the_context():
    assert metric("Test PPL", PERPLEXITIES, context="validation perplexity") == ("Test perplexity", 0.9)


def test_the_context_alone_names_no_metric():
    assert metric("Score", PERPLEXITIES, context="Test perplexity on the Penn Treebank") is None


def test_a_year_in_a_name_may_be_written_short():
    index = NameIndex([Term("WMT 2014 EN-FR"), Term("WMT 2014 EN-DE")])
    assert [hit.term.name for hit in index.find("Results on WMT'14 En→Fr newstest2014")] == ["WMT 2014 EN-FR"]
    assert [hit.term.name for hit in index.find("WMT14 En-De")] == ["WMT 2014 EN-DE"]
    assert [hit.term.name for hit in index.find("WMT2014 En-De")] == ["WMT 2014 EN-DE"]


def test_an_ordinal_in_a_name_is_the_number_of_its_acronym():
    index = NameIndex([Term("Second dialogue state tracking challenge"), Term("Wizard-of-Oz")])
    found = index.find("DSTC2 and WOZ 2.0 test set accuracies")
    assert [hit.term.name for hit in found] == ["Second dialogue state tracking challenge", "Wizard-of-Oz"]


def test_a_metric_saying_from_what_to_what_is_matched_the_same_way_round():
    # arXiv 2109.04290's retrieval table: "Text-to-Video / R@1" beside "Video-to-Text / R@1".
    metrics = [Term("text-to-video R@1"), Term("video-to-text R@1")]
    assert match_metric("Video-to-Text / R@1", metrics)[0].name == "video-to-text R@1"
    assert match_metric("Text-to-Video / R@1", metrics)[0].name == "text-to-video R@1"
    assert match_metric("Video-to-Text / R@1", [Term("text-to-video R@1")]) is None
    assert match_metric("Text-to-video retrieval / R@1", [Term("text-to-video R@1")])[0].name == "text-to-video R@1"


@pytest.mark.parametrize("header, name", [
    ("mIoU", "Mean IoU"),                             # PWC names S3DIS's metric "Mean IoU"
    ("lower is better / Abs Rel", "absolute relative error"),  # KITTI depth tables
])
def test_common_metric_abbreviations_match_the_names_written_out(header, name):
    assert match_metric(header, [Term(name)])[0].name == name
