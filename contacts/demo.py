"""Demo data for contacts: the Telemark partnership of DESIGN.md and the demo accounts.

Idempotent: every object is looked up by a natural key and updated, never duplicated.
The people are invented; addresses are example.org.
"""

import datetime
import os

from django.contrib.auth.models import Group

from contacts import roles
from contacts.models import Organisation, Region, User

REGIONS = {
    "Grenland": ["Skien", "Porsgrunn", "Bamble", "Kragerø", "Drangedal", "Siljan"],
    "Midt-Telemark": ["Midt-Telemark", "Nome"],
    "Øst-Telemark": ["Notodden", "Tinn", "Hjartdal"],
    "Vest-Telemark": ["Vinje", "Tokke", "Kviteseid", "Seljord", "Nissedal", "Fyresdal"],
}

# (username, role group or None for superuser, organisation name or None)
ACCOUNTS = [
    ("admin", None, None),
    ("redaktor", roles.EDITOR, "Sykehuset Telemark HF"),
    ("koordinator", roles.COORDINATOR, "Skien kommune"),
    ("kvalitet", roles.QUALITY_COMMITTEE, "Sykehuset Telemark HF"),
    ("sthf", roles.HANDLER, "Sykehuset Telemark HF"),
    ("skien", roles.HANDLER, "Skien kommune"),
    ("porsgrunn", roles.HANDLER, "Porsgrunn kommune"),
]


def _municipality(name, region, **extra):
    slug_name = name.lower().replace("ø", "o").replace("å", "a").replace("æ", "ae").replace(" ", "-")
    defaults = {
        "kind": Organisation.Kind.MUNICIPALITY,
        "region": region,
        "email": f"postmottak@{slug_name}.kommune.example.org",
        "deviation_email": f"samhandlingsavvik@{slug_name}.kommune.example.org",
        "plo_fallback_phone": extra.pop("plo_fallback_phone", ""),
        **extra,
    }
    organisation, _ = Organisation.objects.update_or_create(name=f"{name} kommune", defaults=defaults)
    return organisation


def load(stdout=None):
    regions = {name: Region.objects.update_or_create(name=name)[0] for name in REGIONS}
    for number, (region_name, municipalities) in enumerate(REGIONS.items()):
        for index, name in enumerate(municipalities):
            _municipality(name, regions[region_name], plo_fallback_phone=f"35 {50 + number:02d} {10 + index:02d} 00")

    # The merged municipalities of Midt-Telemark are kept as history (seed 000/001).
    midt = Organisation.objects.get(name="Midt-Telemark kommune")
    Organisation.objects.filter(pk=midt.pk).update(valid_from=datetime.date(2020, 1, 1))
    for old in ("Bø", "Sauherad"):
        _municipality(
            old,
            regions["Midt-Telemark"],
            merged_into=midt,
            valid_to=datetime.date(2019, 12, 31),
        )

    Organisation.objects.update_or_create(
        name="Sykehuset Telemark HF",
        defaults={
            "kind": Organisation.Kind.HOSPITAL_TRUST,
            "email": "postmottak@sthf.example.org",
            "deviation_email": "samhandlingsavvik@sthf.example.org",
            "plo_fallback_phone": "35 00 35 00",
            "website": "https://sthf.example.org/",
        },
    )

    password = os.environ.get("DEMO_PASSWORD", "demo")
    for username, role, organisation_name in ACCOUNTS:
        user, created = User.objects.get_or_create(username=username)
        user.email = f"{username}@example.org"
        user.organisation = Organisation.objects.get(name=organisation_name) if organisation_name else None
        user.is_superuser = user.is_staff = role is None
        if role == roles.COORDINATOR:
            user.is_staff = True  # coordinators maintain contacts in the admin
        user.set_password(password)
        user.save()
        if role:
            user.groups.set([Group.objects.get(name=role)])
    if stdout:
        stdout.write(f"  contacts: {Region.objects.count()} regions, {Organisation.objects.count()} organisations")
