"""Agreement summaries, version changes and routine bodies from simple HTML to the portal's Markdown.

They were stored as sanitised HTML; from now on they hold Markdown source like the portal's
news and events, rendered and sanitised by samhandling.richtext when shown. The conversion
gives Markdown that renders back to the same sanitised HTML, and the plain-text copies that
full-text search reads are refreshed from it. Text that was never HTML is left as it is.
"""

from django.db import migrations

from samhandling import richtext


def _as_markdown(text: str) -> str:
    return richtext.html_to_markdown(text) if text and "<" in text else text


def to_markdown(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    AgreementVersion = apps.get_model("agreements", "AgreementVersion")
    Routine = apps.get_model("agreements", "Routine")
    for agreement in Agreement.objects.only("summary"):
        agreement.summary = _as_markdown(agreement.summary)
        agreement.summary_text = richtext.to_plain_text(richtext.render(agreement.summary))
        agreement.save(update_fields=["summary", "summary_text"])
    for version in AgreementVersion.objects.exclude(changes="").only("changes"):
        version.changes = _as_markdown(version.changes)
        version.save(update_fields=["changes"])
    for routine in Routine.objects.only("body"):
        routine.body = _as_markdown(routine.body)
        routine.body_text = richtext.to_plain_text(richtext.render(routine.body))
        routine.save(update_fields=["body", "body_text"])


class Migration(migrations.Migration):
    dependencies = [("agreements", "0004_markdown_help")]

    operations = [migrations.RunPython(to_markdown, migrations.RunPython.noop)]
