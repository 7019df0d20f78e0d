"""The handling's figures: how many reports the receivers reclassified, what the reporters said
of the answers, and the measures (tiltak) per service agreement and how far they have come.

Additive to the rest of the package: one small query (two parts) over the same filtered
deviations the page counts. Both read few rows whatever the period: the reclassified and replied-to
deviations through the partial index deviation_handling_feedback, the measures from
their own table (a few per handled case) joined to their deviation.
"""

import dataclasses
import datetime

from django.db import connections
from django.db.models import Count, Q, Value

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


def _counts(deviations, today: datetime.date) -> tuple[dict[str, int], dict]:
    """The reclassified and replied-to counts, and the measures per agreement: one query
    (the two parts' SQL joined by UNION ALL, so the page stays within its query budget)."""
    verdicts = Deviation.ReporterVerdict.values
    feedback = (
        deviations.filter(HAS_FEEDBACK)
        .order_by()
        .annotate(part=Value("feedback"))
        .values("part")
        .annotate(
            n_reclassified=Count("pk", filter=Q(reclassified=True)),
            **{
                f"n_verdict{index}": Count("pk", filter=Q(reporter_verdict=value))
                for index, value in enumerate(verdicts)
            },
        )
    )
    overdue = ~Q(status=Measure.Status.DONE) & Q(due_on__lt=today)
    measures = (
        Measure.objects.filter(deviation__in=deviations.order_by().values("pk"))
        .values("deviation__agreement")
        .annotate(
            n_total=Count("pk"),
            n_done=Count("pk", filter=Q(status=Measure.Status.DONE)),
            n_overdue=Count("pk", filter=overdue),
        )
        .order_by()
    )
    feedback_sql, feedback_params = feedback.query.sql_with_params()
    measures_sql, measures_params = measures.query.sql_with_params()
    verdict_columns = ", ".join(f"n_verdict{index}" for index in range(len(verdicts)))
    # Both parts as wide as the feedback's: reclassified and one count per verdict.
    padding = "".join(", 0" for _ in range(1 + len(verdicts) - 3))
    sql = (
        f"SELECT 'feedback', NULL::bigint, n_reclassified, {verdict_columns} FROM ({feedback_sql}) AS feedback "
        f"UNION ALL SELECT 'measures', deviation__agreement, n_total, n_done, n_overdue{padding} "
        f"FROM ({measures_sql}) AS measures"
    )
    counts = {"reclassified": 0} | dict.fromkeys(verdicts, 0)
    by_agreement: dict = {}
    with connections[deviations.db].cursor() as cursor:
        cursor.execute(sql, (*feedback_params, *measures_params))
        for part, agreement, first, *rest in cursor.fetchall():
            if part == "feedback":
                counts = {"reclassified": first} | dict(zip(verdicts, rest, strict=True))
            else:
                by_agreement[agreement] = {"total": first, "done": rest[0], "overdue": rest[1]}
    return counts, by_agreement


def handling_figures(deviations, *, labels: Labels, suppress: bool, today: datetime.date | None = None) -> Handling:
    """The handling's figures for a filtered set of deviations. One query."""
    today = today or local_today()
    counts, by_agreement = _counts(deviations, today)
    verdicts = [(str(label), protect(counts[value], suppress)) for value, label in Deviation.ReporterVerdict.choices]
    replies = sum(counts[value] for value in Deviation.ReporterVerdict.values)

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
