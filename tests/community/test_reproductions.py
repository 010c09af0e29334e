"""Reproduction reports summed up on a result row."""

import pytest

from opensota.community import reproductions
from opensota.editing import Invalid
from opensota.evaluations.models import Metric, Result

pytestmark = pytest.mark.django_db


def luke():
    return Result.objects.get(table__slug="question-answering-on-squad1-1", model_name="LUKE (single model)")


def test_reports_within_tolerance_reproduce_and_others_do_not(contributor, trusted):
    result = luke()
    f1 = Metric.objects.get(table=result.table, name="F1")  # claimed 95.379
    reproductions.report(contributor, result, f1, 90.0)  # replaced by the same person's later report
    reproductions.report(contributor, result, f1, 95.0, "https://example.org/logs/1")
    reproductions.report(trusted, result, f1, "94.9")
    assert reproductions.summaries([result])[result.id].label == "reproduced by 2, within 0.5%"
    other = Result.objects.get(table=result.table, model_name="XLNet (single model)")
    reproductions.report(contributor, other, f1, 80.0)
    assert reproductions.summaries([other])[other.id].label == "not reproduced"


def test_bad_reports_are_refused(contributor, reader):
    result = luke()
    em = Metric.objects.get(table=result.table, name="EM")
    for value in ("abc", float("nan")):
        with pytest.raises(Invalid):
            reproductions.report(contributor, result, em, value)
    with pytest.raises(Invalid):
        reproductions.report(contributor, result, em, 90, logs_url="javascript:alert(1)")
    from opensota.community.service import NotAllowed
    with pytest.raises(NotAllowed):
        reproductions.report(reader, result, em, 90)
