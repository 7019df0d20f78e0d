"""The handling's figures (reclassified, the reporters' verdicts, measures per agreement) as
the statistics page shows them: counted from the rows, in one query."""

import datetime

from django.utils import timezone

from deviations.models import Deviation, Measure
from deviations.statistics import Labels
from deviations.statistics.handling import handling_figures
from deviations.tests.conftest import make_deviation
from deviations.tests.statistics_data import service_agreement


def test_the_handling_figures_count_verdicts_and_measures_per_agreement(skien, hospital, django_assert_max_num_queries):
    agreement = service_agreement(5, "Utskrivningsklare pasienter")
    today = timezone.localdate()
    with_agreement = make_deviation(skien, hospital)
    Deviation.objects.filter(pk=with_agreement.pk).update(agreement=agreement, reporter_verdict="nei")
    without = make_deviation(skien, hospital)
    Deviation.objects.filter(pk=without.pk).update(reclassified=True, reporter_verdict="ja")
    for deviation, status, due_on in [
        (with_agreement, Measure.Status.DONE, today - datetime.timedelta(days=3)),
        (with_agreement, Measure.Status.PLANNED, today - datetime.timedelta(days=1)),
        (with_agreement, Measure.Status.IN_PROGRESS, today + datetime.timedelta(days=7)),
        (without, Measure.Status.PLANNED, today + datetime.timedelta(days=7)),
    ]:
        Measure.objects.create(
            deviation=deviation,
            description="Ny sjekkliste",
            due_on=due_on,
            status=status,
            completed_on=due_on if status == Measure.Status.DONE else None,
        )

    with django_assert_max_num_queries(1):
        figures = handling_figures(
            Deviation.objects.all(), labels=Labels.from_lists([], [agreement]), suppress=False, today=today
        )

    assert figures.reclassified == 1
    assert dict(figures.verdicts) == {"Ja": 1, "Delvis": 0, "Nei": 1}
    assert figures.replies == 2
    assert [(row.total, row.done, row.overdue) for row in figures.measures] == [(3, 1, 1), (1, 0, 0)]
    assert figures.measures[0].share_done == 1 / 3
    total = figures.measures_total
    assert (total.total, total.done, total.overdue) == (4, 1, 1)


def test_the_handling_figures_of_nothing_are_zero(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        figures = handling_figures(
            Deviation.objects.none() | Deviation.objects.all(), labels=Labels.from_lists([], []), suppress=True
        )
    assert figures.reclassified == 0 and figures.replies == 0 and figures.measures == []
