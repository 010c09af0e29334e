"""Official (the authors') or community code: the rules on real excerpts.

Snippets (and where each was copied from) live in fixtures/framework_official_kinds_snippets.py.
"""

from opensota.linking.official import OfficialGuess, login_matches, official_status
from opensota.linking.records import PaperRecord, RepoRecord
from tests.linking.fixtures import framework_official_kinds_snippets as s


def repo(slug: str = "someone/some-repo", **fields) -> RepoRecord:
    owner, name = slug.split("/")
    return RepoRecord(url=f"https://github.com/{slug}", owner=owner, name=name, **fields)


def status(readme: str, slug: str = "someone/some-repo") -> bool | None:
    return official_status(repo(slug, readme=readme)).is_official


# --- the paper links the repository ---------------------------------------------------------

# The last sentence of the MUNIT abstract (arXiv:1804.04732).
MUNIT_ABSTRACT = "Code and pretrained models are available at https://github.com/nvlabs/MUNIT"


def test_linked_from_the_paper():
    paper = PaperRecord("munit", "Multimodal Unsupervised Image-to-image Translation", text=MUNIT_ABSTRACT)
    assert official_status(repo("NVlabs/MUNIT"), paper) == OfficialGuess(True, "linked from the paper")


def test_a_longer_name_is_not_the_linked_repository():
    paper = PaperRecord("munit", text=MUNIT_ABSTRACT)
    assert official_status(repo("NVlabs/MUNIT-pytorch"), paper).is_official is not True


def test_the_paper_links_another_owners_repository():
    paper = PaperRecord("munit", text=MUNIT_ABSTRACT)
    guess = official_status(repo("someone/munit-keras"), paper)
    assert guess == OfficialGuess(False, "the paper links another repository (nvlabs/MUNIT)")


# --- an author owns or contributes ----------------------------------------------------------

def test_author_is_the_owner():
    # Authors as the vrn README lists them; the repository is AaronJackson/vrn.
    assert "*Aaron S. Jackson, Adrian Bulat" in s.VRN_README
    paper = PaperRecord("vrn", authors=("Aaron S. Jackson", "Adrian Bulat", "Vasileios Argyriou",
                                        "Georgios Tzimiropoulos"))
    guess = official_status(repo("AaronJackson/vrn"), paper)
    assert guess == OfficialGuess(True, "author Aaron S. Jackson is the owner")


def test_author_contributes():
    # salesforce/awd-lstm-lm, "Regularizing and Optimizing LSTM Language Models"; Smerity contributes.
    paper = PaperRecord("awd", authors=("Stephen Merity", "Nitish Shirish Keskar", "Richard Socher"))
    guess = official_status(repo("salesforce/awd-lstm-lm", contributors=("Smerity",)), paper)
    assert guess == OfficialGuess(True, "author Stephen Merity contributes (Smerity)")


def test_login_shapes():
    assert login_matches("AaronJackson", "Aaron S. Jackson")
    assert login_matches("Smerity", "Stephen Merity")
    assert login_matches("KaimingHe", "Kaiming He")
    assert login_matches("liuzhuang13", "Liu, Zhuang")        # surname first, digits
    assert login_matches("jbhuang0604", "Huang, Jia-Bin")     # initials + surname
    assert login_matches("JosephKJ", "K J Joseph")            # surname + initials
    assert login_matches("haarnoja", "Tuomas Haarnoja")       # a long surname alone
    assert login_matches("JunzheJosephZhu", "Junzhe Zhu")     # a middle name the citation leaves out


def test_short_or_common_surnames_do_not_match():
    assert not login_matches("khe", "Kaiming He")             # initial + 2-letter surname
    assert not login_matches("he", "Kaiming He")
    assert not login_matches("yli", "Yi Li")
    assert not login_matches("wang", "Xiaolong Wang")         # a common surname alone
    assert login_matches("xwang", "Xiaolong Wang")           # initial + a surname of >= 4 letters is allowed
    assert not login_matches("xwang", "Xin Wei")


def test_owner_among_the_readme_citation_when_the_paper_has_no_authors():
    guess = official_status(repo("liuzhuang13/DenseNet", readme=s.DENSENET_BIBTEX), PaperRecord("densenet"))
    assert guess == OfficialGuess(True, "author Zhuang Liu (cited in the README) is the owner")


# --- the README says what it is -------------------------------------------------------------

def test_official_wording():
    assert official_status(repo(readme=s.RCOOPER_README)) == OfficialGuess(
        True, "README calls it the official code")
    assert status(s.STARGAN_README) is True


def test_unofficial_wording():
    assert official_status(repo(readme=s.ADAPINP_README)) == OfficialGuess(False, "README calls it unofficial")
    assert status(s.DUPSAMPLING_README) is False


def test_negation_wins_in_the_same_sentence():
    assert official_status(repo(readme=s.PCC_README)) == OfficialGuess(
        False, "README says it is not by the paper's authors")


def test_an_officially_supported_product_disclaimer_says_nothing():
    assert status(s.SG2IM_README) is None


def test_pointing_to_the_official_code_elsewhere_is_community():
    guess = official_status(repo("carpedm20/ENAS-pytorch", readme=s.ENAS_README_OPENING + "\n\n" + s.ENAS_README_CAVEAT))
    assert guess == OfficialGuess(False, "README points to the official code at melodyguan/enas")


def test_other_unofficial_implementations_listed_by_an_official_repository():
    assert status(s.DEEPERGNN_README) is True
    assert status(s.LIGHTGBM_README) is None  # "External (Unofficial) Repositories"; "Support of" is no "port of"


def test_our_paper():
    assert official_status(repo(readme=s.GLOBAL_ENCODING_README)) == OfficialGuess(
        True, "README speaks of our paper")


def test_authors_reimplementing_their_own_paper_stay_official():
    guess = official_status(repo(readme=s.NONLOCAL_README))
    assert guess == OfficialGuess(True, "README speaks of our code")


# --- re-done by others ----------------------------------------------------------------------

def test_reproduction_of_a_work_by_others():
    assert official_status(repo(readme=s.FASTMASKRCNN_README)) == OfficialGuess(
        False, "README attempts to reproduce the paper")


def test_framework_implementation_of_someone_elses_paper():
    guess = official_status(repo(readme=s.CAPSNET_README))
    assert guess == OfficialGuess(False, "README presents a framework implementation of the paper, "
                                         "not as its authors")
    assert status(s.ENAS_README_OPENING) is False


def test_framework_implementation_of_our_paper_is_official():
    assert status(s.GENSEN_README) is True


def test_re_implementations_by_others_mentioned_in_passing():
    assert status(s.POINTNET_README) is None  # "you can find a third-party pytorch implementation here"
    assert status(s.HIFA_README) is None      # "threestudio's re-implementation of ..."


def test_unknown_stays_unknown():
    assert official_status(repo(readme=s.DILATED_CNN_README)) == OfficialGuess(None, "no evidence either way")
    assert official_status(repo()).is_official is None
