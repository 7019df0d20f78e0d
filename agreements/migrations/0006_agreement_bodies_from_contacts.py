"""Agreement.bodies takes over contacts' Body.agreements, rows and all.

The state first takes the existing table as it is (contacts_body_agreements: its columns
agreement_id and body_id already have the names this side's field gives them), then the table
is renamed to the name Django gives Agreement.bodies, so nothing is copied and nothing is lost.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0005_rich_text_as_markdown"),
        ("contacts", "0006_body_agreements_moved_to_agreements"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="agreement",
                    name="bodies",
                    field=models.ManyToManyField(
                        blank=True,
                        db_table="contacts_body_agreements",
                        related_name="agreements",
                        to="contacts.body",
                        verbose_name="ansvarlige utvalg",
                    ),
                )
            ]
        ),
        migrations.AlterField(
            model_name="agreement",
            name="bodies",
            field=models.ManyToManyField(
                blank=True, related_name="agreements", to="contacts.body", verbose_name="ansvarlige utvalg"
            ),
        ),
    ]
