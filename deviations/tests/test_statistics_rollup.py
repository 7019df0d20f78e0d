"""The roll-up (StatisticsRollup, kept by PostgreSQL triggers) gives the same figures as
counting the rows, on randomised deviations (seeded), its months and its years alike: after bulk inserts, handlers'
steps, reopening, forwarding, deletion and an organisation changing kind, for periods of
whole and partial months, small counts and the shares within the deadline included."""

import dataclasses
import datetime
import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from contacts.models import Organisation
from deviations import services
from deviations.models import Deviation, StatisticsRollup
from deviations.statistics import Labels, annual_report, compute, received_from_to
from deviations.statistics.rollups import whole_months
from deviations.tests.statistics_data import Case, add, service_agreement


@pytest.fixture
def world(skien, porsgrunn, hospital):
    seeded = random.Random(2026)
    gp_office = Organisation.objects.create(
        name="Fjordbyen legesenter", kind=Organisation.Kind.GP_OFFICE, region=skien.region
    )
    organisations = [skien, porsgrunn, hospital, gp_office]
    agreements = [None, service_agreement(3, "Innleggelse i sykehus"), service_agreement(5, "Utskrivningsklare")]
    cases = []
    for _ in range(400):
        reporter, concerned = seeded.sample(organisations, 2)
        cases.append(
            Case(
                reporter,
                concerned,
                days_ago=seeded.randint(0, 900),
                category=seeded.choice(Deviation.Category.values[:5]),
                kind=seeded.choice(Deviation.Kind.values),
                agreement=seeded.choice(agreements),
                answered_after_days=seeded.choice([None, None, None] + list(range(0, 50))),
            )
        )
    created = add(cases)
    return {"seeded": seeded, "created": created, "organisations": organisations, "agreements": agreements}


def figures_both_ways(first_day: datetime.date, last_day: datetime.date, suppress: bool):
    labels = Labels.from_lists(Organisation.objects.all(), [])
    selected = received_from_to(Deviation.objects.all(), first_day, last_day)
    counted, rolled = (
        compute(selected, first_day=first_day, last_day=last_day, labels=labels, suppress=suppress, rolled_up=rolled_up)
        for rolled_up in (False, True)
    )
    return counted, rolled


def assert_same(counted, rolled) -> None:
    assert dataclasses.asdict(rolled.total) == dataclasses.asdict(counted.total)
    assert rolled.total_figures == counted.total_figures
    for table in ("kinds", "months", "agreements", "categories", "directions", "organisations"):
        mine, theirs = getattr(rolled, table), getattr(counted, table)
        assert [dataclasses.asdict(row) for row in mine.rows] == [dataclasses.asdict(row) for row in theirs.rows], table
        assert [shown.figures for shown in mine.shown] == [shown.figures for shown in theirs.shown], table


def periods(today: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    year_before = datetime.date(today.year - 1, today.month, 1)
    return [
        (year_before, today),  # the default: twelve months, the last one partial
        (datetime.date(2000, 1, 1), today),  # everything
        (today - datetime.timedelta(days=500), today - datetime.timedelta(days=40)),  # partial at both ends
        (today.replace(day=1), today),  # this month only
        (datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31)),  # last year, whole months
        (today - datetime.timedelta(days=20), today + datetime.timedelta(days=5)),
        # Whole years from the yearly rows, with months before them, after them, or both.
        (datetime.date(today.year - 2, 1, 1), today),
        (datetime.date(today.year - 2, 11, 1), today),
        (datetime.date(today.year - 2, 1, 1), datetime.date(today.year - 1, 12, 31)),
        (datetime.date(today.year - 3, 6, 15), datetime.date(today.year - 1, 2, 10)),
    ]


def assert_years_are_sums_of_months() -> None:
    """Each year's roll-up rows are those of its months added up (zero rows aside)."""
    columns = ("span", "month", "dimension", "key", "count", "in_time", "late", "open", "answered")
    years: dict[tuple, tuple] = {}
    summed: dict[tuple, tuple] = {}
    for span, month, dimension, key, *counts in StatisticsRollup.objects.values_list(*columns):
        if span == StatisticsRollup.Span.YEAR:
            if any(counts):
                years[(month, dimension, key)] = tuple(counts)
            continue
        year = (month.replace(month=1), dimension, key)
        before = summed.get(year, (0,) * len(counts))
        summed[year] = tuple(total + count for total, count in zip(before, counts, strict=True))
    assert years
    assert years == {key: sums for key, sums in summed.items() if any(sums)}


def check_every_period() -> None:
    today = timezone.localdate()
    assert_years_are_sums_of_months()
    for first_day, last_day in periods(today):
        for suppress in (False, True):
            assert_same(*figures_both_ways(first_day, last_day, suppress))


def test_the_rolled_up_figures_are_those_of_the_rows_after_bulk_inserts(world):
    assert StatisticsRollup.objects.exists()
    check_every_period()


def test_the_roll_up_follows_every_change_in_the_same_transaction(world, hospital_handler, hospital):
    seeded, created = world["seeded"], world["created"]
    received = [deviation for deviation in created if deviation.concerned_organisation_id == hospital.pk]
    open_ones = [deviation for deviation in received if deviation.is_open]
    for deviation in seeded.sample(open_ones, 5):
        services.answer(deviation, hospital_handler, "Vi har endret rutinen for utskrivning.")
    answered = Deviation.objects.filter(status=Deviation.Status.ANSWERED).values_list("pk", flat=True)
    # Reopened (open again, the first answer's time kept), closed, and deleted, in bulk.
    Deviation.objects.filter(pk__in=seeded.sample(list(answered), 15)).update(status=Deviation.Status.IN_PROGRESS)
    Deviation.objects.filter(pk__in=seeded.sample(list(answered), 5), status=Deviation.Status.ANSWERED).update(
        status=Deviation.Status.CLOSED, closed_at=timezone.now()
    )
    Deviation.objects.filter(pk__in=[deviation.pk for deviation in seeded.sample(created, 10)]).delete()
    # Forwarded to another organisation, with a new deadline.
    Deviation.objects.filter(pk__in=[deviation.pk for deviation in seeded.sample(created, 10)]).update(
        concerned_organisation=world["organisations"][0], respond_by=timezone.localdate()
    )
    check_every_period()


def test_the_roll_up_follows_a_reclassification(world, hospital_handler, hospital):
    """A handler's correction of agreement and category moves the counts the statistics show."""
    seeded, created = world["seeded"], world["created"]
    received = [deviation for deviation in created if deviation.concerned_organisation_id == hospital.pk]
    for deviation in seeded.sample(received, 12):
        services.classify(
            deviation,
            hospital_handler,
            agreement=world["agreements"][2],
            category=Deviation.Category.MEDICATION,
            consequence=Deviation.Consequence.MODERATE,
        )
    check_every_period()


def test_an_organisation_changing_kind_changes_the_directions_in_the_roll_up(world, skien):
    Organisation.objects.filter(pk=skien.pk).update(kind=Organisation.Kind.HOSPITAL)
    check_every_period()


def test_rebuild_statistics_builds_the_same_roll_up_again(world):
    before = sorted(
        StatisticsRollup.objects.filter(count__gt=0).values_list("span", "month", "dimension", "key", "count", "open")
    )
    StatisticsRollup.objects.all().delete()
    call_command("rebuild_statistics", stdout=open("/dev/null", "w"))
    after = sorted(
        StatisticsRollup.objects.filter(count__gt=0).values_list("span", "month", "dimension", "key", "count", "open")
    )
    assert after == before
    assert {span for span, *_ in after} == {StatisticsRollup.Span.MONTH, StatisticsRollup.Span.YEAR}


@pytest.mark.parametrize(
    ("first", "last", "start", "end"),
    [
        ("2026-01-01", "2026-12-31", "2026-01-01", "2027-01-01"),
        ("2026-01-15", "2026-03-31", "2026-02-01", "2026-04-01"),
        ("2026-01-15", "2026-02-10", "2026-02-01", "2026-02-01"),
        ("2026-01-01", "2026-01-30", "2026-01-01", "2026-01-01"),
    ],
)
def test_whole_months_are_those_inside_the_period(first, last, start, end):
    day = datetime.date.fromisoformat
    assert whole_months(day(first), day(last)) == (day(start), day(end))


def test_emptying_the_deviations_table_empties_the_roll_up(world):
    with connection.cursor() as cursor:
        # The test's transaction still holds the deferred foreign-key checks of the inserts.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE deviations_deviation CASCADE")
    assert not StatisticsRollup.objects.exists()


def test_the_annual_report_from_the_roll_up_is_that_of_the_rows(world, hospital_handler, hospital):
    seeded = world["seeded"]
    answered = list(Deviation.objects.filter(status=Deviation.Status.ANSWERED).values_list("pk", flat=True))
    Deviation.objects.filter(pk__in=seeded.sample(answered, 15)).update(status=Deviation.Status.IN_PROGRESS)
    agreements = [agreement for agreement in world["agreements"] if agreement is not None]
    labels = Labels.from_lists([], agreements)
    today = timezone.localdate()
    for year in (today.year, today.year - 1):
        for suppress in (False, True):
            counted, rolled = (
                annual_report(Deviation.objects.all(), year, labels=labels, suppress=suppress, rolled_up=rolled_up)
                for rolled_up in (False, True)
            )
            # The months table carries its Protection object: compare what it shows instead.
            assert [shown.figures for shown in rolled.months.shown] == [shown.figures for shown in counted.months.shown]
            assert [dataclasses.asdict(row) for row in rolled.months.rows] == [
                dataclasses.asdict(row) for row in counted.months.rows
            ]
            rest = [
                {name: value for name, value in dataclasses.asdict(report).items() if name != "months"}
                for report in (rolled, counted)
            ]
            assert rest[0] == rest[1]


def test_a_deviation_dated_after_today_keeps_this_months_roll_up_out_of_a_period_ending_today(world, skien, hospital):
    """A period that runs to today takes its last month from the roll-up only while nothing
    later is in that month (a bulk loader can date a deviation ahead); then it counts the rows."""
    today = timezone.localdate()
    month_after = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    if (month_after - today).days < 2:
        pytest.skip("no later day in this month")
    add([Case(skien, hospital, days_ago=-1)])
    check_every_period()
