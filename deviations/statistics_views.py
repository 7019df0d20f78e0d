"""The statistics page, its exports and the annual report (Kvalitetsutvalget, coordinators, handlers)."""

import datetime
import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Min
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from agreements.models import Agreement
from deviations import charts, exports
from deviations.forms import StatisticsFilterForm
from deviations.models import local_today
from deviations.statistics import (
    Labels,
    StatisticsAccess,
    compute,
    received_from_to,
    statistics_access,
    statistics_url,
)
from deviations.statistics import annual_report as build_annual_report
from deviations.statistics.handling import handling_figures
from samhandling import access as policy

logger = logging.getLogger(__name__)

EXPORT_FORMATS = ("csv", "xlsx")
# The organisation chart shows the most active; the table beside it has them all.
ORGANISATIONS_IN_CHART = 15


def _access_or_404(user) -> StatisticsAccess:
    access = statistics_access(user)
    if access is None:
        raise Http404("No statistics for this user")
    return access


@login_required
@require_GET
def statistics(request):
    """The figures of the filtered deviations; ?format=csv|xlsx exports them (&rader=1: one row each)."""
    access = _access_or_404(request.user)
    export = request.GET.get("format", "")
    rows = request.GET.get("rader") == "1"
    if export and export not in EXPORT_FORMATS:
        raise Http404("Unknown export format")
    if rows and export and not access.may_export_rows:
        raise Http404("Row-level exports are for Kvalitetsutvalget")
    today = local_today()
    form = StatisticsFilterForm(request.GET, today=today)
    if not form.is_valid():
        context = {
            "form": form,
            "access": access,
            "last_year": today.year - 1,
            "periods": _periods(today),
        }
        return render(request, "deviations/statistics.html", context, status=400)
    deviations = form.filter(access.deviations)
    if rows and export:
        return _row_export(request, form, deviations, export, today)

    stats = compute(
        deviations,
        first_day=form.first_day,
        last_day=form.last_day,
        labels=form.labels(),
        suppress=access.suppress_small_counts,
        today=today,
        rolled_up=_whole_period(access, form),
    )
    if export == "csv":
        return exports.aggregated_csv(stats)
    if export == "xlsx":
        return exports.aggregated_xlsx(stats, form.description())
    charts_ = _charts(stats)
    context = {
        "form": form,
        "access": access,
        "stats": stats,
        "charts": charts_,
        "sections": [
            (stats.months, charts_["month"], "columns"),
            (stats.agreements, charts_["agreement"], "bars"),
            (stats.categories, charts_["category"], "bars"),
            (stats.directions, charts_["direction"], "bars"),
            (stats.organisations, charts_["organisation"], "bars"),
        ],
        "chosen": form.description(),
        "handling": handling_figures(
            deviations, labels=form.labels(), suppress=access.suppress_small_counts, today=today
        ),
        "last_year": today.year - 1,
        "periods": _periods(today),
        "xlsx_max_rows": exports.XLSX_MAX_ROWS,
    }
    return render(request, "deviations/statistics.html", context)


# The filters that narrow the deviations of a period (the role only qualifies two of them).
NARROWING_FILTERS = ("region", "organisasjon", "enhet", "retning", "type", "kategori", "avtale")


def _whole_period(access: StatisticsAccess, form: StatisticsFilterForm) -> bool:
    """Whether the figures are of every deviation of the period: then the roll-up has them."""
    return access.policy.organisation_id is None and not any(form.cleaned_data.get(name) for name in NARROWING_FILTERS)


def _periods(today) -> list[tuple[str, str, str]]:
    """Shortcuts for the periods asked for most: (label, from, to) as ISO dates."""
    last_year = today.year - 1
    return [
        (_("Siste 12 måneder"), StatisticsFilterForm.year_before(today).isoformat(), today.isoformat()),
        (_("Hittil i år"), f"{today.year}-01-01", today.isoformat()),
        (_("I fjor (%(year)s)") % {"year": last_year}, f"{last_year}-01-01", f"{last_year}-12-31"),
    ]


def _row_export(request, form, deviations, export, today):
    with_contact = request.GET.get("kontakt") == "1" and policy.may_see_reporter_details(request.user)
    name = exports.filename("avvik", form.first_day, form.last_day, export)
    logger.info(
        "Row-level %s export by user %s (contact details: %s): %s",
        export,
        request.user.pk,
        with_contact,
        form.description(),
    )
    if export == "xlsx":
        count = deviations.count()
        if count > exports.XLSX_MAX_ROWS:
            messages.warning(
                request,
                _(
                    "Utvalget har %(count)s avvik. En Excel-fil med én rad per avvik kan ha høyst %(limit)s: "
                    "last ned CSV i stedet (den har ingen grense), eller snevre inn filteret."
                )
                % {"count": f"{count:,}".replace(",", " "), "limit": f"{exports.XLSX_MAX_ROWS:,}".replace(",", " ")},
            )
            query = request.GET.copy()
            for name in ("format", "rader", "kontakt"):
                query.pop(name, None)
            return redirect(f"{reverse('deviations:statistics')}?{query.urlencode()}")
        return exports.rows_xlsx(exports.deviation_rows(deviations, with_contact=with_contact, today=today), name)
    return exports.rows_csv(exports.deviation_rows(deviations, with_contact=with_contact, today=today), name)


def _bars(breakdown, chart_id: str, limit: int | None = None):
    shown = breakdown.shown if limit is None else breakdown.first(limit)
    return charts.horizontal_bars(chart_id, breakdown.title, [(row.label, [row.figures.count]) for row in shown])


def _charts(stats) -> dict:
    organisations = stats.organisations.first(ORGANISATIONS_IN_CHART)
    return {
        "outcome": _bars(stats.outcome, "chart-outcome"),
        "month": charts.columns(
            "chart-month",
            stats.months.title,
            [
                (
                    date_format(row.key, "b"),
                    str(row.key.year) if index == 0 or row.key.month == 1 else "",
                    row.figures.count,
                )
                for index, row in enumerate(stats.months.shown)
            ],
        ),
        "agreement": _bars(stats.agreements, "chart-agreement"),
        "category": _bars(stats.categories, "chart-category"),
        "direction": _bars(stats.directions, "chart-direction"),
        "organisation": charts.horizontal_bars(
            "chart-organisation",
            stats.organisations.title,
            [(row.label, [row.figures.count, row.figures.sent]) for row in organisations],
            series=(_("Meldt til organisasjonen"), _("Meldt fra organisasjonen")),
        ),
    }


# --- The annual report -------------------------------------------------------------------------


class YearForm(forms.Form):
    # Lazy: a class body runs once, at import, before any reader's language is active.
    ar = forms.TypedChoiceField(label=gettext_lazy("År"), coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ar"].choices = [(year, str(year)) for year in reversed(years)]
        self.fields["ar"].error_messages["invalid_choice"] = _("Velg et år fra listen.")


def _report_years(access, today) -> range:
    """From the first year with a deviation the user may count, to this year. One query."""
    first = access.deviations.aggregate(first=Min("received_at"))["first"]
    first_year = timezone.localtime(first).year if first else today.year - 1
    return range(min(first_year, today.year - 1), today.year + 1)


@login_required
@require_GET
def annual_report_index(request):
    """The year picker's target (?ar=2025): to that year's report; without a year, last year's."""
    access = _access_or_404(request.user)
    today = local_today()
    if "ar" in request.GET:
        form = YearForm(request.GET, years=_report_years(access, today))
        if form.is_valid():
            return redirect("deviations:annual_report", year=form.cleaned_data["ar"])
        messages.error(request, _("Velg et år fra listen."))
    return redirect("deviations:annual_report", year=today.year - 1)


@login_required
@require_GET
def annual_report(request, year):
    access = _access_or_404(request.user)
    today = local_today()
    years = _report_years(access, today)
    if year not in years:
        raise Http404("No report for that year")
    agreements = list(
        Agreement.objects.only("pk", "identifier", "title", "law_point").order_by("law_point", "identifier")
    )
    report = build_annual_report(
        access.deviations,
        year,
        labels=Labels.from_lists([], agreements),
        suppress=access.suppress_small_counts,
        today=today,
        rolled_up=access.policy.organisation_id is None,
    )
    series = (str(year), str(year - 1))
    handling = handling_figures(
        received_from_to(access.deviations, datetime.date(year, 1, 1), datetime.date(year, 12, 31)),
        labels=Labels.from_lists([], agreements),
        suppress=access.suppress_small_counts,
        today=today,
    )

    def compared(comparisons, chart_id, title, heading):
        chart = charts.horizontal_bars(
            chart_id, title, [(c.label, [c.current, c.previous]) for c in comparisons], series=series
        )
        return comparisons, chart, title, heading

    context = {
        "access": access,
        "report": report,
        "handling": handling,
        "year": year,
        "previous_year": year - 1,
        "today": today,
        "year_form": YearForm(initial={"ar": year}, years=years),
        "statistics_url": statistics_url(fra=datetime.date(year, 1, 1), til=datetime.date(year, 12, 31)),
        "sections": [
            compared(report.agreements, "chart-agreement", _("Per tjenesteavtale"), _("Tjenesteavtale")),
            compared(report.categories, "chart-category", _("Per kategori"), _("Kategori")),
            compared(report.directions, "chart-direction", _("Per retning"), _("Retning")),
        ],
        "charts": {
            "month": charts.columns(
                "chart-month",
                _("Meldinger per måned i %(year)s") % {"year": year},
                [(date_format(row.key, "b"), "", row.figures.count) for row in report.months.shown],
            ),
            "outcome": _bars(report.outcome, "chart-outcome"),
        },
    }
    return render(request, "deviations/annual_report.html", context)
