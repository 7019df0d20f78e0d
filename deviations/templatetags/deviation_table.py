"""The rows of deviation_table.html, written in Python.

An inbox page is 25 rows of up to ten cells, each cell with its phone label (data-label).
Through the template engine that was some 300 variable lookups and escapes per page, the
largest part of the inbox's rendering; here each cell is one format_html().
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from deviations.listing import Row

register = template.Library()


@register.simple_tag
def deviation_rows(
    rows: list[Row],
    show_summary: bool = False,
    show_from: bool = False,
    show_to: bool = False,
    show_handler: bool = False,
) -> SafeString:
    """The table body's rows, with the same columns as deviation_table.html's header."""
    # The rows' labels for phones, translated once rather than per row.
    label_summary, label_received, label_type = _("Hva skjedde"), _("Mottatt"), _("Type")
    label_category, label_from, label_to = _("Kategori"), _("Fra"), _("Til")
    label_status, label_deadline, label_handler = _("Status"), _("Svarfrist"), _("Saksbehandler")
    overdue_tag = format_html(' <span class="ds-tag" data-color="danger">{}</span>', _("Forfalt"))
    unassigned = format_html('<span class="muted">{}</span>', _("Ikke tildelt"))
    html: list[str] = []
    for row in rows:
        cells = [format_html('<td class="nowrap reference"><a href="{}">{}</a></td>', row["url"], row["reference"])]
        if show_summary:
            cells.append(format_html('<td class="summary" data-label="{}">{}</td>', label_summary, row["summary"]))
        cells.append(format_html('<td class="nowrap" data-label="{}">{}</td>', label_received, row["received"]))
        if not show_summary:
            cells.append(format_html('<td data-label="{}">{}</td>', label_type, row["kind"]))
        cells.append(format_html('<td data-label="{}">{}</td>', label_category, row["category"]))
        if show_from:
            workplace = (
                format_html('<span class="muted small">, {}</span>', row["reporter_workplace"])
                if row["reporter_workplace"]
                else ""
            )
            cells.append(
                format_html('<td data-label="{}">{}{}</td>', label_from, row["reporter_organisation"], workplace)
            )
        if show_to:
            cells.append(format_html('<td data-label="{}">{}</td>', label_to, row["concerned_organisation"]))
        # The badge is status_badge.html's.
        cells.append(
            format_html(
                '<td data-label="{}"><span class="ds-tag status-badge status-{}" data-color="{}">{}</span></td>',
                label_status,
                row["status"],
                row["status_colour"],
                row["status_label"],
            )
        )
        cells.append(
            format_html(
                '<td class="nowrap" data-label="{}">{}{}</td>',
                label_deadline,
                row["respond_by"],
                overdue_tag if row["overdue"] else "",
            )
        )
        if show_handler:
            cells.append(format_html('<td data-label="{}">{}</td>', label_handler, row["handler"] or unassigned))
        html.append(format_html("<tr{}>", mark_safe(' class="overdue"') if row["overdue"] else ""))
        html.extend(cells)
        html.append("</tr>\n")
    return mark_safe("".join(html))  # every piece above is format_html's, escaped
