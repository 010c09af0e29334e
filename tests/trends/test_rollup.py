"""The trends rollup: the same numbers as the catalog's own queries, kept fresh by every
writer, and never read while stale.

Each measure is computed twice, from the catalog (`rollup.decided(False)`) and from the
rollup (`decided(True)`, after a rebuild), on the hand-made catalog of 2090, on a seeded
random one of 2080-2081 (ties in stars and rises, frameworks of every kind, undated papers,
proposals and rejections, papers in several tasks of one area), and on the shipped sample.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

import pytest
from django.db import connection

from opensota.catalog.models import Paper, PaperRepository, Repository, StarSnapshot
from opensota.taxonomy.models import Area, Task
from opensota.trends import from_rollup, measures, report, rollup, triggers
from opensota.trends.models import MonthRollup, PendingChange
from opensota.trends.window import Window, make_window
from tests.trends.conftest import WINDOW

pytestmark = pytest.mark.django_db

COMPUTE = {
    "papers": measures.papers_per_month,
    "code": measures.code_share,
    "frameworks": measures.framework_share,
    "implementations": lambda window: measures.popular_implementations(window, limit=3),
    "tasks": lambda window: measures.top_tasks(window, limit=3),
    "areas": measures.top_areas,
    "time-to-code": measures.time_to_code,
}


def both_ways(window: Window) -> tuple[dict, dict]:
    with rollup.decided(False):
        direct = {name: compute(window) for name, compute in COMPUTE.items()}
    rollup.refresh()
    with rollup.decided(True):
        rolled = {name: compute(window) for name, compute in COMPUTE.items()}
    return direct, rolled


def assert_same(window: Window) -> dict:
    direct, rolled = both_ways(window)
    for name in COMPUTE:
        assert rolled[name] == direct[name], (name, window)
    return direct


@pytest.fixture
def random_field(db):
    """Two years of papers (2080-2081) with tasks, areas, links, star counts, all at random."""
    rng = random.Random(7)
    areas = [Area.objects.create(slug=f"rand-area-{n}", name=f"Area {n}") for n in range(2)]
    tasks = [Task.objects.create(slug=f"rand-task-{n}", name=f"Task {n}") for n in range(5)]
    for task, members in zip(tasks, ([0], [0], [0, 1], [1], [])):
        task.areas.add(*(areas[i] for i in members))
    papers = []
    for number in range(260):
        published = date(2080, 1, 1) + timedelta(days=rng.randrange(730)) if number >= 10 else None
        paper = Paper.objects.create(slug=f"rand-{number}", published=published)
        paper.tasks.add(*rng.sample(tasks, rng.choice([0, 1, 1, 2, 3])))
        papers.append(paper)
    frameworks = ["pytorch", "tf", "jax", "mxnet", "other", "none"]
    repositories = []
    for number in range(70):
        created = (datetime(2079, 10, 1, rng.randrange(24), tzinfo=timezone.utc) + timedelta(days=rng.randrange(900))
                   if rng.random() < 0.7 else None)
        repositories.append(Repository.objects.create(
            url=f"https://github.com/rand/r{number}", slug=f"rand/r{number}", owner="rand", name=f"r{number}",
            framework=rng.choice(frameworks), stars=rng.choice([None, *range(12)]), created_at=created))
    for paper, repository in {(rng.choice(papers), rng.choice(repositories)) for _ in range(240)}:
        PaperRepository.objects.create(
            paper=paper, repository=repository, url=repository.url, is_official=rng.choice([None, True, False]),
            framework=rng.choice(frameworks + [""]), status=rng.choice(["accepted"] * 8 + ["proposed", "rejected"]))
    for repository in rng.sample(repositories, 50):
        days = sorted(rng.sample(range(730), rng.choice([1, 2, 3, 5])))
        StarSnapshot.objects.bulk_create(
            StarSnapshot(repository=repository, observed_on=date(2080, 1, 1) + timedelta(days=day),
                         stars=rng.randrange(6)) for day in days)
    return {"areas": areas, "tasks": tasks}


def windows_2080() -> list[Window]:
    whole = Window(date(2080, 1, 1), date(2081, 12, 1))
    return [whole, Window(date(2080, 3, 1), date(2080, 3, 1)), Window(date(2080, 5, 1), date(2081, 4, 1)),
            Window(date(2079, 1, 1), date(2080, 2, 1)), Window(date(2081, 11, 1), date(2082, 6, 1)),
            *(Window(whole.start, whole.end, task=f"rand-task-{n}") for n in (0, 2, 4)),
            *(Window(whole.start, whole.end, area=f"rand-area-{n}") for n in (0, 1)),
            Window(whole.start, whole.end, task="rand-task-2", area="rand-area-1"),
            Window(whole.start, whole.end, task="no-such-task")]


def test_the_rollup_gives_the_hand_computed_numbers(catalog):
    found = assert_same(WINDOW)
    assert found["code"].with_code == (1, 1, 0, 1, 0, 1) and found["time-to-code"].median_days == 19.5
    for scope in ({"task": "vision-task"}, {"task": "other-task"}, {"area": "test-vision"}):
        assert_same(Window(WINDOW.start, WINDOW.end, **scope))


def test_the_rollup_gives_the_catalogs_numbers_on_a_random_field(random_field, monkeypatch):
    monkeypatch.setattr(from_rollup, "FIRST_BATCH", 1)  # the walks for popular implementations read many batches
    for window in windows_2080():
        found = assert_same(window)
        assert found["papers"].total or window.task == "no-such-task"
    whole = assert_same(windows_2080()[0])
    assert whole["implementations"].by_stars_gained["community"] and whole["areas"].by_papers


def test_the_fastest_rising_are_found_however_their_rise_over_all_time_ties(db, monkeypatch):
    """Repositories are walked by their rise over all their star counts; one read first
    ("late": 10 in all, 3 in the window) must not keep its place against one not yet read
    ("unread", after the four months of "early") with the same 3 and a lower id."""
    monkeypatch.setattr(from_rollup, "FIRST_BATCH", 1)  # batches of 1, 4, then 16 rows
    counts = {"early": [(date(2080, 2, 1), 0), (date(2080, 4, 1), 3)],      # 3 in all, and 3 in the window
              "unread": [(date(2080, 2, 2), 10), (date(2080, 5, 1), 13)],   # 3, and 3
              "late": [(date(2080, 1, 5), 0), (date(2080, 3, 1), 3), (date(2080, 12, 1), 10)],  # 10, but 3
              "official-a": [(date(2080, 1, 1), 0), (date(2080, 2, 1), 50)],  # official: read first
              "official-b": [(date(2080, 1, 1), 0), (date(2080, 2, 1), 60)]}
    for name, snapshots in counts.items():
        repository = Repository.objects.create(url=f"https://github.com/tie/{name}", slug=f"tie/{name}",
                                               owner="tie", name=name, stars=1)
        for month in range(1, 5 if name == "early" else 2):  # "early" implements papers of four months
            paper = Paper.objects.create(slug=f"tie-{name}-{month}", published=date(2080, month, 9))
            PaperRepository.objects.create(paper=paper, repository=repository, url=repository.url,
                                           is_official=name.startswith("official"))
        StarSnapshot.objects.bulk_create(StarSnapshot(repository=repository, observed_on=day, stars=stars)
                                         for day, stars in snapshots)
    window = Window(date(2080, 1, 1), date(2080, 6, 1))
    rollup.refresh()
    with rollup.decided(True):
        rising = measures.popular_implementations(window, limit=2).by_stars_gained["community"]
    assert [(item.slug, item.stars_gained) for item in rising] == [("tie/early", 3), ("tie/unread", 3)]
    with rollup.decided(False):
        assert measures.popular_implementations(window, limit=2).by_stars_gained["community"] == rising


def test_the_rollup_gives_the_catalogs_numbers_on_the_sample():
    latest = report.latest_month()
    for scope in ({}, {"area": "graphs"}, {"task": "question-answering"}):
        assert_same(make_window(latest=latest, **scope))
    assert_same(Window(date(2018, 1, 1), date(2024, 12, 1), area="graphs"))


def test_the_rollup_holds_a_row_per_month_and_scope(catalog):
    rollup.refresh()
    rows = MonthRollup.objects.filter(month__startswith="2090", task__isnull=True, area__isnull=True)
    assert sorted(rows.values_list("month", "papers")) == [("2090-01", 1), ("2090-02", 2), ("2090-04", 4),
                                                            ("2090-06", 8)]
    vision = MonthRollup.objects.get(month="2090-04", area__slug="test-vision")
    assert (vision.papers, vision.with_code, vision.jax, vision.unknown) == (1, 1, 1, 1)


# --- freshness ---------------------------------------------------------------------------------


def test_any_change_to_what_trends_read_marks_the_rollup_stale(catalog):
    rollup.refresh()
    paper = Paper.objects.get(slug="p-2090-6-0")
    changes = [
        lambda: Paper.objects.create(slug="new-2090", published=date(2090, 5, 5)),
        lambda: Paper.objects.filter(pk=paper.pk).update(published=date(2090, 5, 1)),
        lambda: paper.tasks.add(Task.objects.get(slug="vision-task")),
        lambda: Task.objects.filter(slug="other-task").update(name="Renamed"),
        lambda: Task.objects.get(slug="other-task").areas.add(Area.objects.get(slug="test-vision")),
        lambda: PaperRepository.objects.filter(paper=paper).update(is_official=False),
        lambda: Repository.objects.filter(slug="t/plain").update(stars=8),
        lambda: StarSnapshot.objects.filter(stars=80).delete(),
        lambda: Paper.objects.filter(slug="p-2090-1-0").delete(),
    ]
    for change in changes:
        assert rollup.fresh_token()
        change()
        assert rollup.fresh_token() is None
        rollup.refresh()
    Paper.objects.filter(pk=paper.pk).update(title="A title is not a trend")
    Repository.objects.filter(slug="t/plain").update(readme="nor is a README")
    assert rollup.fresh_token()


def test_a_stale_rollup_is_never_read(catalog):
    rollup.refresh()
    before = report.measure("time-to-code", WINDOW)
    with connection.cursor() as cursor:  # a writer that tells nobody
        cursor.execute("UPDATE catalog_repository SET created_at = NULL WHERE slug = 't/tf-code'")
    after = report.measure("time-to-code", WINDOW)
    assert (before.papers, after.papers) == (2, 1) and after.median_days == 10.0
    assert rollup.fresh_token()  # read, it was rebuilt first


def test_while_the_rollup_cannot_be_rebuilt_the_catalog_is_read_and_nothing_kept(catalog, monkeypatch):
    from django.core.cache import cache

    assert report.measure("code", WINDOW).with_code == (1, 1, 0, 1, 0, 1)
    PaperRepository.objects.filter(paper__slug="p-2090-6-0").update(status="rejected")
    monkeypatch.setattr(rollup, "rebuild", lambda wait=True: None)  # as when an import holds the lock
    assert report.catalog_stamp() == ""
    cache.clear()
    assert report.measure("code", WINDOW).with_code == (1, 1, 0, 1, 0, 0)
    assert report.report(WINDOW)["papers"].total == 15
    assert cache.get(f"trends:code:{WINDOW.key()}:") is None
    assert rollup.fresh_token() is None


def test_the_stamp_is_the_rollups_build(catalog, django_assert_num_queries):
    stamp = report.catalog_stamp()
    with django_assert_num_queries(1):
        assert report.catalog_stamp() == stamp
    report.invalidate()
    assert report.catalog_stamp() not in ("", stamp)


def test_the_triggers_are_put_back_when_missing():
    assert triggers.installed(connection)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER trends_catalog_paper_insert")
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER trends_changed ON catalog_paper")
    assert not triggers.installed(connection)
    PendingChange.objects.all().delete()
    assert triggers.install(connection)
    assert triggers.installed(connection) and PendingChange.objects.exists()
    assert not triggers.install(connection)


# --- the writers ---------------------------------------------------------------------------------


def test_an_import_leaves_the_rollup_fresh_with_what_it_imported(tmp_path):
    import json

    from opensota.dumps.importer import import_dumps

    records = [{"paper_url": f"https://paperswithcode.com/paper/imported-{n}", "title": f"Imported {n}",
                "abstract": "", "authors": [], "tasks": [], "methods": [], "date": f"2091-0{n}-02"}
               for n in (1, 2)]
    (tmp_path / "papers-with-abstracts.json").write_text(json.dumps(records))
    import_dumps([tmp_path])
    assert rollup.fresh_token()
    with rollup.decided(True):
        assert measures.papers_per_month(Window(date(2091, 1, 1), date(2091, 3, 1))).papers == (1, 1, 0)


def test_the_link_stage_shows_in_the_trends():
    from opensota.linking.records import RepoRecord
    from opensota.linking.stage import ingest_repositories, link_catalog

    window = Window(date(2092, 1, 1), date(2092, 1, 1))
    Paper.objects.create(slug="linked-2092", title="Linked Paper", arxiv_id="2401.00042", published=date(2092, 1, 3))
    rollup.refresh()
    assert measures.code_share(window).with_code == (0,)
    ingest_repositories([RepoRecord(url="https://github.com/example/linked", owner="example", name="linked",
                                    readme="Code for arXiv:2401.00042.", stars=5)])
    link_catalog(accept=0.5, propose=0.3)
    assert measures.code_share(window).with_code == (1,)
    assert rollup.fresh_token()


def test_an_accepted_proposal_and_its_revert_show_in_the_trends(catalog):
    from opensota.community import service
    from opensota.community.models import Edit
    from tests.community.conftest import make_user

    contributor, moderator = make_user("trend-carla", "contributor"), make_user("trend-mona", "moderator")
    assert measures.code_share(WINDOW).with_official_code == (1, 0, 0, 0, 0, 1)
    proposal = service.propose(contributor, "mark_official",
                               {"paper": "p-2090-2-0", "url": "https://github.com/t/tf-code", "is_official": True})
    assert measures.code_share(WINDOW).with_official_code == (1, 0, 0, 0, 0, 1)
    service.accept(proposal, moderator)
    assert measures.code_share(WINDOW).with_official_code == (1, 1, 0, 0, 0, 1)
    service.revert(Edit.objects.get(proposal=proposal), moderator)
    assert measures.code_share(WINDOW).with_official_code == (1, 0, 0, 0, 0, 1)
