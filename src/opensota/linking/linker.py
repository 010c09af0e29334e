"""The linker's one entry point: a repository in, its paper links out, each fully described.

`detect_links` puts the rule modules together: what kind of repository it is (lists and
courses link nothing), which papers it implements (`detect`), whether each link is official
(`official`) and which framework the code uses (`framework`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from opensota.linking.detect import Evidence, find_paper_links
from opensota.linking.framework import detect_framework
from opensota.linking.index import PaperIndex
from opensota.linking.kinds import repository_kind
from opensota.linking.official import OfficialGuess, official_status
from opensota.linking.records import RepoRecord

# Bump when the rules change, so `opensota link` re-reads every repository once.
LINKER_VERSION = "2"
# Links at or above ACCEPT go public at once; between PROPOSE and ACCEPT they wait for a
# moderator; below PROPOSE they are not kept. Instances override both (see config.py).
DEFAULT_ACCEPT = 0.7
DEFAULT_PROPOSE = 0.5


@dataclass(frozen=True)
class LinkCandidate:
    """A proposed (repository, paper) link with everything needed to judge and store it."""

    paper_key: str
    confidence: float
    evidence: tuple[Evidence, ...]
    is_official: bool | None
    official_reason: str
    framework: str
    framework_reason: str
    mentioned_in_paper: bool
    mentioned_in_github: bool

    def evidence_records(self) -> list[dict]:
        return [{"reason": e.reason, "detail": e.detail, "weight": e.weight} for e in self.evidence]


@dataclass(frozen=True)
class RepositoryVerdict:
    """What the linker concluded about one repository."""

    kind: str
    framework: str
    framework_reason: str
    links: tuple[LinkCandidate, ...]


def judge_repository(repo: RepoRecord, index: PaperIndex, floor: float = 0.0,
                     authors: Callable[[str], tuple[str, ...]] | None = None) -> RepositoryVerdict:
    """Kind, framework and paper links (with confidence >= floor) of one repository.

    `authors` gives a paper's byline by key when the index does not carry it (the database
    stage looks bylines up only for the few papers a repository links to).
    """
    kind = repository_kind(repo)
    framework = detect_framework(repo)
    links: list[LinkCandidate] = []
    if kind.kind == "code":
        for found in find_paper_links(repo, index):
            if found.confidence < floor:
                continue
            if found.mentioned_in_paper:
                # The paper itself points at this code: the authors' own (the index keeps
                # no abstracts, so this is decided here rather than in official_status).
                official = OfficialGuess(True, "linked from the paper")
            else:
                paper = index.papers.get(found.paper_key)
                if paper is not None and authors is not None and not paper.authors:
                    paper = replace(paper, authors=authors(found.paper_key))
                official = official_status(repo, paper)
            links.append(LinkCandidate(
                paper_key=found.paper_key,
                confidence=found.confidence,
                evidence=found.evidence,
                is_official=official.is_official,
                official_reason=official.reason,
                framework=framework.framework,
                framework_reason=framework.reason,
                mentioned_in_paper=found.mentioned_in_paper,
                mentioned_in_github=found.mentioned_in_github,
            ))
    return RepositoryVerdict(kind.kind, framework.framework, framework.reason, tuple(links))


def detect_links(repo: RepoRecord, index: PaperIndex, floor: float = 0.0) -> list[LinkCandidate]:
    """The papers `repo` implements, strongest first, with official status and framework."""
    return list(judge_repository(repo, index, floor).links)
