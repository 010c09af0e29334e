"""The small catalog of 2090 whose trends are computed by hand (`test_measures.py`) and
read back from the rollup (`test_rollup.py`)."""

from datetime import date, datetime, timezone

import pytest

from opensota.catalog.models import Paper, PaperRepository, Repository, StarSnapshot
from opensota.taxonomy.models import Area, Task
from opensota.trends.window import Window

WINDOW = Window(date(2090, 1, 1), date(2090, 6, 1))


@pytest.fixture
def catalog():
    """Papers per month 2090-01..06: 1, 2, 0, 4, 0, 8 (15); 2 of them in task "vision-task"."""
    area = Area.objects.create(slug="test-vision", name="Test Vision")
    vision = Task.objects.create(slug="vision-task", name="Vision Task")
    vision.areas.add(area)
    other = Task.objects.create(slug="other-task", name="Other Task")
    papers = []
    for month, count in ((1, 1), (2, 2), (4, 4), (6, 8)):
        for n in range(count):
            papers.append(Paper.objects.create(slug=f"p-2090-{month}-{n}", title=f"Paper {month}.{n}",
                                               published=date(2090, month, 1 + n)))
    Paper.objects.create(slug="undated-2090", title="Undated")
    papers[0].tasks.add(vision)                       # January
    papers[3].tasks.add(vision, other)                # April
    for paper in papers[7:15]:                        # the eight June papers
        paper.tasks.add(other)

    def repo(name, framework="none", stars=None, created=None):
        return Repository.objects.create(url=f"https://github.com/t/{name}", slug=f"t/{name}", owner="t",
                                         name=name, framework=framework, stars=stars, created_at=created)

    torch_repo = repo("torch-code", "pytorch", stars=500, created=datetime(2090, 1, 11, tzinfo=timezone.utc))
    tf_repo = repo("tf-code", "tf", stars=90, created=datetime(2090, 3, 2, tzinfo=timezone.utc))
    plain = repo("plain", stars=7)
    unknown = repo("no-framework")

    def link(paper, repository, official=None, framework="none", status=PaperRepository.ACCEPTED):
        PaperRepository.objects.create(paper=paper, repository=repository, url=repository.url,
                                       is_official=official, framework=framework, status=status)

    link(papers[0], torch_repo, official=True)              # Jan: official, pytorch (repo), 10 days later
    link(papers[1], tf_repo, official=False)                # Feb: community, tf, 29 days later (Feb 1 -> Mar 2)
    link(papers[3], plain, framework="jax")                 # Apr: the link itself says jax
    link(papers[3], unknown)                                # Apr: same paper, framework unknown
    link(papers[4], torch_repo, status=PaperRepository.PROPOSED)  # a proposal: not code
    link(papers[7], unknown, official=True)                 # Jun: official, unknown framework
    StarSnapshot.objects.create(repository=torch_repo, observed_on=date(2090, 1, 15), stars=100)
    StarSnapshot.objects.create(repository=torch_repo, observed_on=date(2090, 6, 15), stars=500)
    StarSnapshot.objects.create(repository=tf_repo, observed_on=date(2090, 2, 1), stars=80)
    StarSnapshot.objects.create(repository=tf_repo, observed_on=date(2090, 5, 1), stars=90)
    return papers
