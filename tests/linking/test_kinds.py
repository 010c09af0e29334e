"""Paper code, awesome-list or course: the rules on real excerpts.

Snippets (and where each was copied from) live in fixtures/framework_official_kinds_snippets.py.
"""

from opensota.linking.kinds import KINDS, KindGuess, repository_kind
from opensota.linking.records import RepoRecord
from tests.linking.fixtures import framework_official_kinds_snippets as s


def repo(slug: str = "someone/some-repo", **fields) -> RepoRecord:
    owner, name = slug.split("/")
    return RepoRecord(url=f"https://github.com/{slug}", owner=owner, name=name, **fields)


def test_kinds():
    assert KINDS == ("code", "awesome-list", "course")


# --- awesome-lists --------------------------------------------------------------------------

def test_papers_with_code_digest_by_name():
    guess = repository_kind(repo("amusi/CVPR2022-Papers-with-Code", readme=s.CVPR2022_BACKBONE_SECTION,
                                 extension_counts={".md": 1}))
    assert guess == KindGuess("awesome-list", "name or topics say 'papers-with-code' and there is no code")


def test_a_list_of_papers_is_an_awesome_list_whatever_its_name():
    guess = repository_kind(repo("someone/cvpr-digest", readme=s.CVPR2022_BACKBONE_SECTION))
    assert guess.kind == "awesome-list"
    assert guess.reason.startswith("README is a list (61% linked items) of 27 papers/repositories")


def test_named_list_with_some_scripts_is_still_a_list():
    guess = repository_kind(repo("someone/awesome-backbones", readme=s.CVPR2022_BACKBONE_SECTION,
                                 extension_counts={".md": 1, ".py": 2}))
    assert guess.kind == "awesome-list"


def test_code_repository_citing_many_papers_stays_code():
    # DenseNet's README lists ~20 other implementations; the repository is Lua Torch code.
    guess = repository_kind(repo("liuzhuang13/DenseNet", readme=s.DENSENET_OTHER_IMPLEMENTATIONS,
                                 extension_counts=s.DENSENET_EXTENSIONS))
    assert guess.kind == "code"
    # Even a list-shaped README does not make a code repository a list.
    guess = repository_kind(repo("someone/backbones", readme=s.CVPR2022_BACKBONE_SECTION,
                                 extension_counts={".py": 69}))
    assert guess.kind == "code"


def test_awesome_in_the_name_of_a_code_repository_is_not_enough():
    guess = repository_kind(repo("someone/awesome-gan", readme=s.GLOBAL_ENCODING_README,
                                 extension_counts={".py": 18}))
    assert guess.kind == "code"


# --- courses --------------------------------------------------------------------------------

def test_book_with_chapter_folders_is_a_course():
    guess = repository_kind(repo("d2l-ai/d2l-en", readme=s.D2L_README, top_level=s.D2L_TOP_LEVEL,
                                 extension_counts=s.D2L_EXTENSIONS))
    assert guess == KindGuess("course", "27 course units at the top level and the README speaks of a book")


def test_course_by_name():
    assert repository_kind(repo("cs231n/cs231n.github.io")).kind == "course"
    assert repository_kind(repo("someone/deep-learning-lectures")).kind == "course"


def test_course_names_are_whole_words():
    # Names only, no excerpts: a detector's "label assignment" or a "discourse" parser is no course.
    assert repository_kind(repo("someone/dynamic-label-assignment")).kind == "code"
    assert repository_kind(repo("someone/discourse-parser")).kind == "code"
    assert repository_kind(repo("someone/cs224n-assignments")).kind == "course"


def test_course_words_need_more_than_a_readme_mention():
    # Chapter folders without teaching words, or teaching words without units or a name: code.
    assert repository_kind(repo("d2l-ai/d2l-en", top_level=s.D2L_TOP_LEVEL)).kind == "code"
    assert repository_kind(repo("d2l-ai/d2l-en", readme=s.D2L_README)).kind == "code"


def test_paper_code_named_like_a_course_stays_code():
    guess = repository_kind(repo("someone/homework-gan", readme=s.RCOOPER_README, extension_counts={".py": 20}))
    assert guess == KindGuess("code", "no sign of a list or a course")


# --- paper code -----------------------------------------------------------------------------

def test_paper_code_is_code():
    assert repository_kind(repo("NVlabs/MUNIT", readme=s.STARGAN_README)).kind == "code"
    assert repository_kind(repo()) == KindGuess("code", "no sign of a list or a course")
