"""What kind of repository this is: paper code, an awesome-list, or a course.

Awesome-lists (paper lists, "Papers with Code" digests, reading lists) and courses
(lectures, homework, books, tutorial collections) cite many papers but implement none, so
the linker must not link them to what they cite. Being wrong the other way costs more (a
real implementation loses its papers), so this is conservative: "code" unless the signals
agree.

- awesome-list: the name/topics/description say so ("awesome-", "papers-with-code",
  "paper-list", "reading-list") and there is no code, or there are a few tools (<= 20 code
  files) and the README is a list; or, whatever the name, the README is mostly list items
  with links (>= 40% of its lines), citing >= 20 distinct papers or repositories, and the
  repository holds next to no code (<= 5 files).
- course: the name/topics say "course", "lecture", "homework", "assignments", "cs231n"...;
  or the top level is made of course units ("chapter_*", "lecture3", "hw2", "week-1", >= 3
  of them), or the name/description say "tutorial", "book", "notes", and the README's
  opening speaks of a course, a book, lectures or tutorials.
  A README that presents a paper's code ("official implementation", "code for our paper")
  keeps the repository "code" whatever the name says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from opensota.linking.records import RepoRecord

KINDS: tuple[str, ...] = ("code", "awesome-list", "course")


@dataclass(frozen=True)
class KindGuess:
    kind: str
    reason: str


# In order of specificity: the first that matches names the reason.
AWESOME_NAMES: tuple[re.Pattern[str], ...] = tuple(re.compile(p) for p in (
    r"awesome", r"papers?[-_ ]?with[-_ ]?code", r"paper[-_ ]?lists?", r"reading[-_ ]?lists?",
    r"papers?[-_ ]?reading", r"arxiv[-_ ]?daily", r"daily[-_ ]?papers?",
    r"(?:^|[-_ ])(?:survey|papers)(?:$|[-_ ])",
))
# Whole words only: "discourse" is no course, "label-assignment" no homework ("assignments" is).
COURSE_NAME = re.compile(
    r"(?<![a-z])(?<!of )(?:courses?|lectures?|homeworks?|assignments|assignment[-_ ]?\d+|hw[-_ ]?\d+"
    r"|syllabus|textbook|curriculum|bootcamp|cs\d{3}[a-z]?)(?![a-z])"
)
# Weaker: such names also go to code ("pytorch-tutorial" is a course, "X-notes" may not be),
# so they count only with teaching words in the README.
TEACHING_NAME = re.compile(r"(?<![a-z])(?:tutorials?|book|notes|exercises|workshop|labs?)(?![a-z])")
TEACHING_WORDS = re.compile(
    r"\b(?:course|courses|lectures?|homeworks?|assignments?|syllabus|textbook|book|tutorials?"
    r"|curriculum|students|semester)\b"
)
COURSE_UNIT = re.compile(
    r"(?:chapter|chap|lecture|lec|week|hw|homework|assignment|assign|lab|exercise|tutorial|session"
    r"|module|unit|day|class|problem[-_ ]?set|ps)[-_ ]?\d*(?:$|[-_ .])"
)
PRESENTS_PAPER_CODE = re.compile(
    r"official\s+(?:[\w-]+\s+){0,2}?(?:implementation|code|repo|repository)|code\s+(?:for|of)\s+our\b"
    r"|our\s+(?:(?!survey)[\w-]+\s+){0,4}?paper"
)
# README shape, matched on "\n" + README: patterns that start with a literal scan fast.
# A list item (or table row) carrying a link; a blank line; a link to a paper or a repository.
LINKED_ITEM = re.compile(r"\n[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|\|)[^\n]*?(?:https?://|\]\()")
BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")
PAPER_LINK = re.compile(
    r"https?://(?:www\.)?(?:arxiv\.org/(?:abs|pdf)/[\w.]*\d|openaccess\.thecvf\.com/"
    r"|openreview\.net/(?:forum|pdf)\?id="
    r"|aclanthology\.org/|aclweb\.org/anthology/|papers\.nips\.cc/|proceedings\.neurips\.cc/"
    r"|proceedings\.mlr\.press/|doi\.org/10\.|ieeexplore\.ieee\.org/|dl\.acm\.org/doi/"
    r"|link\.springer\.com/|ecva\.net/|ojs\.aaai\.org/|semanticscholar\.org/paper/)[^\s)\]>\"'|]*"
)
REPO_LINK = re.compile(r"github\.com/[\w.-]+/[\w.-]+")
CODE_EXTENSIONS = frozenset({
    ".py", ".ipynb", ".pyx", ".c", ".cc", ".cpp", ".cxx", ".h", ".hpp", ".cu", ".cuh", ".m", ".lua",
    ".java", ".jl", ".r", ".scala", ".go", ".rs", ".swift", ".kt", ".ts",
})
MIN_LINKS = 20          # README links below which it cannot be a list of papers
LIST_SHARE = 0.4        # share of non-empty README lines that are linked list items
NAMED_LIST_SHARE = 0.25  # the same, when the name already says awesome-list
MIN_CITED = 20          # distinct papers + repositories a list cites
LITTLE_CODE = 5         # code files an awesome-list may have (a script that builds the README)
SOME_CODE = 20          # ... or, when its name says so, a few tools around the list
MIN_UNITS = 3           # course units at the top level
OPENING = 3000          # characters of the README read for teaching words


def repository_kind(repo: RepoRecord) -> KindGuess:
    """Classify `repo` as "code", "awesome-list" or "course", with the deciding evidence."""
    name = " ".join((repo.name, *repo.topics)).lower()
    label = f"{name} {repo.description.lower()}"
    code_files = _code_files(repo)
    opening = repo.readme[:OPENING].lower()

    course = COURSE_NAME.search(name)
    if course and not _presents_paper_code(opening):
        return KindGuess("course", f"name or topics say {_said(course)}")
    units = sum(map(_is_course_unit, repo.top_level))
    if units >= MIN_UNITS or COURSE_NAME.search(label) or TEACHING_NAME.search(label):
        teaching = TEACHING_WORDS.search(opening)
        if teaching and not _presents_paper_code(opening):
            evidence = (f"{units} course units at the top level" if units >= MIN_UNITS
                        else "its name or description")
            return KindGuess("course", f"{evidence} and the README speaks of a {teaching.group()}")

    named = next((m for m in (p.search(label) for p in AWESOME_NAMES) if m), None)
    if named and code_files == 0:
        return KindGuess("awesome-list", f"name or topics say {_said(named)} and there is no code")
    links = repo.readme.count("http")
    some_code = code_files is None or code_files <= SOME_CODE
    if named and some_code and links >= MIN_LINKS // 2 and not _presents_paper_code(opening):
        share, cited = _list_shape(repo.readme)
        if share >= NAMED_LIST_SHARE or cited >= MIN_CITED:
            return KindGuess("awesome-list", f"name or topics say {_said(named)} "
                                             f"and the README lists {cited} papers/repositories")
    if links >= MIN_LINKS and (code_files is None or code_files <= LITTLE_CODE):
        share, cited = _list_shape(repo.readme)
        if share >= LIST_SHARE and cited >= MIN_CITED:
            return KindGuess("awesome-list", f"README is a list ({share:.0%} linked items) of {cited} "
                                             f"papers/repositories with little code")
    return KindGuess("code", "no sign of a list or a course")


@lru_cache(maxsize=65536)
def _is_course_unit(entry: str) -> bool:
    """Whether a top-level file or folder is a course unit ("lecture3", "hw2"); cached, as the
    same names (README.md, setup.py, models) recur in every repository."""
    return COURSE_UNIT.match(entry.lower()) is not None


def _said(match: re.Match) -> str:
    return repr(match.group().strip("-_. "))


def _presents_paper_code(opening: str) -> bool:
    return PRESENTS_PAPER_CODE.search(opening) is not None


def _code_files(repo: RepoRecord) -> int | None:
    """How many code files the repository holds; None when the host told nothing about files."""
    if not repo.extension_counts:
        return None if not repo.imports else LITTLE_CODE + 1  # imports were read: there is code
    return sum(n for ext, n in repo.extension_counts.items() if ext.lower() in CODE_EXTENSIONS)


def _list_shape(readme: str) -> tuple[float, int]:
    """(share of non-empty lines that are linked list items, distinct papers + repositories cited)."""
    readme = "\n" + readme
    lines = max(1, readme.count("\n") - len(BLANK_LINE.findall(readme)))
    items = len(LINKED_ITEM.findall(readme))
    cited = len(set(PAPER_LINK.findall(readme))) + len(set(REPO_LINK.findall(readme)))
    return items / lines, cited
