# The statistics now tell answered from open cases by status (a reopened case is open
# again), so the covering index includes the status and the statistics stay index-only.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("deviations", "0005_timeline_and_mail_into_audit_trail_and_outbox"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="deviation",
            name="deviation_statistics",
        ),
        migrations.AddIndex(
            model_name="deviation",
            index=models.Index(
                fields=["received_at"],
                include=(
                    "status",
                    "kind",
                    "category",
                    "agreement",
                    "reporter_organisation",
                    "concerned_organisation",
                    "respond_by",
                    "received_on",
                    "answered_on",
                    "days_to_answer",
                ),
                name="deviation_statistics",
            ),
        ),
    ]
