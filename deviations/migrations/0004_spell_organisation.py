"""One spelling: `organisation`, as everywhere else in the portal.

The columns are renamed in place; PostgreSQL keeps the indexes on the renamed columns, so
the index definitions change in Django's state only and nothing is rebuilt.
"""

from django.db import migrations, models

INDEXES_ON_ORGANISATIONS = ["deviation_inbox", "deviation_inbox_status", "deviation_from_org", "deviation_statistics"]


class Migration(migrations.Migration):
    dependencies = [
        ("deviations", "0003_local_dates_for_statistics"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="deviation", name=name) for name in INDEXES_ON_ORGANISATIONS
            ],
        ),
        migrations.RenameField(
            model_name="deviation", old_name="concerned_organization", new_name="concerned_organisation"
        ),
        migrations.RenameField(
            model_name="deviation", old_name="reporter_organization", new_name="reporter_organisation"
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="deviation",
                    index=models.Index(
                        models.F("concerned_organisation"),
                        models.OrderBy(models.F("received_at"), descending=True),
                        name="deviation_inbox",
                    ),
                ),
                migrations.AddIndex(
                    model_name="deviation",
                    index=models.Index(
                        models.F("concerned_organisation"),
                        models.F("status"),
                        models.OrderBy(models.F("received_at"), descending=True),
                        name="deviation_inbox_status",
                    ),
                ),
                migrations.AddIndex(
                    model_name="deviation",
                    index=models.Index(
                        models.F("reporter_organisation"),
                        models.OrderBy(models.F("received_at"), descending=True),
                        name="deviation_from_org",
                    ),
                ),
                migrations.AddIndex(
                    model_name="deviation",
                    index=models.Index(
                        fields=["received_at"],
                        include=(
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
            ],
        ),
    ]
