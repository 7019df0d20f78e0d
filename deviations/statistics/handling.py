"""The handling's figures: how many reports the receivers reclassified, what the reporters said
of the answers, and the measures (tiltak) per service agreement and how far they have come.

Additive to the rest of the package: two small queries over the same filtered deviations
the page counts. Both read few rows whatever the period: the reclassified and replied-to
deviations through the partial index deviation_handling_feedback, the measures from
their own table (a few per handled case) joined to their deviation.
"""

import dataclasses
import datetime

from django.db.models import Count, Q

from deviations.models import Deviation, Measure, local_today
from deviations.statistics.suppression import protect
from deviations.statistics.tables import Labels

# The partial index deviation_handling_feedback holds exactly these rows.
HAS_FEEDBACK = Q(reclassified=True) | ~Q(reporter_verdict="")


@dataclasses.dataclass
class MeasureRow:
    label: str
    total: int | str
    done: int | str
    overdue: int | str
    share_done: float | None


@dataclasses.dataclass
class Handling:
    reclassified: int | str
    verdicts: list[tuple[str, int | str]]  # (label, count) for ja, delvis, nei
    replies: int | str
    measures: list[MeasureRow]
    measures_total: MeasureRow


def handling_figures(deviations, *, labels: Labels, suppress: bool, today: datetime.date | None = None) -> Handling:
    """The handling's figures for a filtered set of deviations. Two queries."""
    today = today or local_today()
    counts = (
        deviations.filter(HAS_FEEDBACK)
        .order_by()
        .aggregate(
            reclassified=Count("pk", filter=Q(reclassified=True)),
            **{
                verdict: Count("pk", filter=Q(reporter_verdict=verdict)) for verdict in Deviation.ReporterVerdict.values
            },
        )
    )
    verdicts = [(str(label), protect(counts[value], suppress)) for value, label in Deviation.ReporterVerdict.choices]
    replies = sum(counts[value] for value in Deviation.ReporterVerdict.values)

    overdue = ~Q(status=Measure.Status.DONE) & Q(due_on__lt=today)
    grouped = (
        Measure.objects.filter(deviation__in=deviations.order_by().values("pk"))
        .values("deviation__agreement")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=Measure.Status.DONE)),
            overdue=Count("pk", filter=overdue),
        )
        .order_by()
    )
    by_agreement = {row["deviation__agreement"]: row for row in grouped}

    def row(label: str, total: int, done: int, late: int) -> MeasureRow:
        return MeasureRow(
            label=label,
            total=protect(total, suppress),
            done=protect(done, suppress),
            overdue=protect(late, suppress),
            share_done=done / total if total and not (suppress and total < 5) else None,
        )

    order = {pk: index for index, pk in enumerate(labels.agreement_order)}
    keys = sorted(by_agreement, key=lambda pk: (pk is None, order.get(pk, len(order)), str(pk)))
    rows = [
        row(labels.agreement(pk), by_agreement[pk]["total"], by_agreement[pk]["done"], by_agreement[pk]["overdue"])
        for pk in keys
    ]
    total = row(
        "",
        sum(r["total"] for r in by_agreement.values()),
        sum(r["done"] for r in by_agreement.values()),
        sum(r["overdue"] for r in by_agreement.values()),
    )
    return Handling(
        reclassified=protect(counts["reclassified"], suppress),
        verdicts=verdicts,
        replies=protect(replies, suppress),
        measures=rows,
        measures_total=total,
    )
