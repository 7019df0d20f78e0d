"""Deviation statistics, computed in SQL, by concern:

- scope: which deviations a user's statistics cover (samhandling.access decides who sees what);
- directions: from municipality to hospital trust and back, by the organisations' kinds;
- aggregates: the counts and the median every breakdown computes in one GROUP BY;
- rows, suppression, tables: the numbers of a group, what small counts hide, the tables;
- queries: the statistics page's figures for a filtered set;
- annual: one year against the year before (one GROUPING SETS statement, or the roll-up);
- summaries: the counts other apps' pages show (agreements, organisations).

- scan: every breakdown of a filtered set from one GROUPING SETS scan of the rows;
- rollups: the same for every deviation of a period, from the roll-up the database keeps
  (StatisticsRollup), with the partial months and the open ones within their deadline
  counted from the rows.

Every number is an aggregate PostgreSQL computes; Python only adds the roll-up's months to
the rows' partial months and names and orders the few grouped rows that come back. The
statistics page, its CSV and XLSX exports, the annual report, the agreement pages and the
organisation pages all read their numbers here, so they cannot disagree.
"""

from deviations.statistics.annual import AnnualReport, annual_report
from deviations.statistics.directions import HF_KINDS, Direction, direction_condition, direction_expression
from deviations.statistics.queries import Statistics, compute, received_from_to
from deviations.statistics.rows import COUNTS, PARTS, Figures, Row
from deviations.statistics.scope import StatisticsAccess, statistics_access
from deviations.statistics.summaries import agreement_summary, overdue_summary, statistics_url
from deviations.statistics.suppression import SMALL_COUNT_LIMIT, SUPPRESSED, Protection, protect
from deviations.statistics.tables import OUTCOME_LABELS, Labels

__all__ = [
    "COUNTS",
    "HF_KINDS",
    "OUTCOME_LABELS",
    "PARTS",
    "SMALL_COUNT_LIMIT",
    "SUPPRESSED",
    "AnnualReport",
    "Direction",
    "Figures",
    "Labels",
    "Protection",
    "Row",
    "Statistics",
    "StatisticsAccess",
    "agreement_summary",
    "annual_report",
    "compute",
    "direction_condition",
    "direction_expression",
    "overdue_summary",
    "protect",
    "received_from_to",
    "statistics_access",
    "statistics_url",
]
