"""The catalog as the linker looks it up: by identifier, by URL, by title, by mention.

Built once from `PaperRecord`s (from the database, or a gold set's papers.jsonl) and then
shared by every repository, so looking a paper up never touches the database.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Iterable

from opensota.catalog.identifiers import arxiv_id_from_url, normalise_arxiv_id
from opensota.linking.mentions import (
    Mention,
    find_dois,
    find_github_repositories,
    find_openreview,
    normalise_doi,
    proceedings_key,
)
from opensota.linking.records import PaperRecord
from opensota.linking.titles import TitleIndex


class PaperIndex:
    """Lookups from what a README can say about a paper to the paper's key."""

    def __init__(self, papers: Iterable[PaperRecord] = ()) -> None:
        self.papers: dict[str, PaperRecord] = {}
        self.titles = TitleIndex()
        self._by_identifier: dict[tuple[str, str], str] = {}
        self._mentioning: dict[str, list[str]] = defaultdict(list)
        for paper in papers:
            self.add(paper)

    def __len__(self) -> int:
        return len(self.papers)

    def add(self, paper: PaperRecord) -> None:
        for kind, key in _identifiers_of(paper):
            # The first paper to claim an identifier keeps it: a catalog can list a
            # preprint and its proceedings version, and both must not link at once.
            self._by_identifier.setdefault((kind, key), paper.key)
        for mention in find_github_repositories(paper.text):
            if paper.key not in self._mentioning[mention.key]:
                self._mentioning[mention.key].append(paper.key)
        self.titles.add(paper.key, paper.title)
        # The text was only needed for the mentions; do not keep abstracts in memory.
        self.papers[paper.key] = replace(paper, text="") if paper.text else paper

    def resolve(self, mention: Mention) -> str | None:
        return self._by_identifier.get((mention.kind, mention.key))

    def papers_mentioning(self, repository_slug: str) -> list[str]:
        """Papers whose abstract or source links to this repository."""
        return self._mentioning.get(repository_slug.lower(), [])

    def repositories_mentioned(self, keys: Iterable[str]) -> set[str]:
        """Slugs of the repositories these papers link to."""
        wanted = set(keys)
        return {slug for slug, papers in self._mentioning.items() if wanted.intersection(papers)}

    def subset(self, keys: Iterable[str]) -> "PaperIndex":
        """An index of some of these papers only (with their links to repositories)."""
        wanted = {key for key in keys if key in self.papers}
        part = PaperIndex(self.papers[key] for key in wanted)
        for slug, papers in self._mentioning.items():
            for key in papers:
                if key in wanted:
                    part._mentioning[slug].append(key)
        return part


def _identifiers_of(paper: PaperRecord) -> Iterable[tuple[str, str]]:
    arxiv_id = normalise_arxiv_id(paper.arxiv_id)
    if arxiv_id:
        yield "arxiv", arxiv_id.lower() if "/" in arxiv_id else arxiv_id
    if paper.doi:
        yield "doi", normalise_doi(paper.doi)
    if paper.openreview_id:
        yield "openreview", paper.openreview_id
    for url in paper.urls:
        from_url = arxiv_id_from_url(url)
        if from_url:
            yield "arxiv", from_url.lower() if "/" in from_url else from_url
        key = proceedings_key(url)
        if key:
            yield "proceedings", key
        for mention in find_openreview(url) + find_dois(url):
            yield mention.kind, mention.key
