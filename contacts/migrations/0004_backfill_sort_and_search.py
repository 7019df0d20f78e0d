"""Fills the new sort and search columns of regions, organisations and bodies that existed before 0003.

Only the names and the region are used here (historical models have no methods); the next
save of each row (or `load_demo`) fills in the rest.
"""

from django.db import migrations

from samhandling.text import fold
from samhandling.text import norwegian_sort_key


def backfill(apps, schema_editor):
    Region = apps.get_model("contacts", "Region")
    for region in Region.objects.all():
        region.sort_key = norwegian_sort_key(region.name)
        region.save(update_fields=["sort_key"])
    for model_name in ("Organisation", "Body"):
        model = apps.get_model("contacts", model_name)
        for row in model.objects.select_related("region"):
            region = row.region.name if row.region_id else ""
            row.search_document = region
            row.search_text = fold(f"{row.name} {region}")
            fields = ["search_document", "search_text"]
            if model_name == "Body":
                row.sort_key = norwegian_sort_key(row.name)
                fields.append("sort_key")
            row.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [("contacts", "0003_people_roles_memberships_search")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
