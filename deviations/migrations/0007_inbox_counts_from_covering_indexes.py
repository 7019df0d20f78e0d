# The inbox's counts per status and overdue read the deadline and status from the index
# (index-only scans) instead of one heap page per case. The new indexes are built before the
# old ones are dropped, so the inbox always has one.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0006_agreement_bodies_from_contacts"),
        ("contacts", "0007_postgres_extensions"),
        ("deviations", "0006_statistics_index_covers_status"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="deviation",
            index=models.Index(
                models.F("concerned_organisation"),
                models.F("status"),
                models.OrderBy(models.F("received_at"), descending=True),
                include=("respond_by",),
                name="deviation_inbox_counts",
            ),
        ),
        migrations.AddIndex(
            model_name="deviation",
            index=models.Index(
                models.F("reporter_organisation"),
                models.OrderBy(models.F("received_at"), descending=True),
                include=("status", "respond_by"),
                name="deviation_from_org_counts",
            ),
        ),
        migrations.RemoveIndex(model_name="deviation", name="deviation_inbox_status"),
        migrations.RemoveIndex(model_name="deviation", name="deviation_from_org"),
    ]
