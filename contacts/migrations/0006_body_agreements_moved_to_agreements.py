"""Body.agreements becomes Agreement.bodies (agreements/migrations/0006_agreement_bodies_from_contacts).

contacts is below agreements and must not name it, so the many-to-many now lives on the
agreements side. Here it only leaves contacts' model state: the table and its rows stay, and
agreements' migration takes them over.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("contacts", "0005_guard_free_text")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.RemoveField(model_name="body", name="agreements")])
    ]
