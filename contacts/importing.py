"""Importing people and organisations from a CSV file (manage.py import_contacts FILE).

Coordinators keep their lists in Excel, so the file may be UTF-8 (with or without the BOM
Excel writes) or Windows-1252, separated by semicolons (Norwegian Excel), commas or tabs.
The header row says what the file holds: a `navn` column makes it a file of people, an
`enhet` column without `navn` a file of units (enheter: tildelingskontor, sengepost, ...), an
`organisasjon` column without either a file of organisations. The columns are listed in
README.md ("Importing contacts from CSV").

All or nothing: every row is validated with the models' own rules (organisation number
mod-11, e-mail and phone formats, ...), and if any row is wrong, nothing is saved and every
error is reported with its line number.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from contacts.models import Organisation, Person, Region, Role, Unit


class ImportFailed(Exception):
    """The file was not imported; `errors` are the messages, each starting with its line."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    kind: str  # "people", "units" or "organisations"
    created: int = 0
    updated: int = 0
    roles_added: int = 0
    notes: list[str] = field(default_factory=list)


# Header (lower case, as written in the file) -> model field. A few spellings are accepted.
ORGANISATION_COLUMNS = {
    "organisasjon": "name",
    "type": "kind",
    "region": "region",
    "organisasjonsnummer": "organisation_number",
    "orgnr": "organisation_number",
    "e-post": "email",
    "epost": "email",
    "telefon": "phone",
    "nettsted": "website",
    "avvik-e-post": "deviation_email",
    "avviks-e-post": "deviation_email",
    "plo-telefon": "plo_fallback_phone",
}
PERSON_COLUMNS = {
    "navn": "name",
    "stilling": "title",
    "organisasjon": "organisation",
    "avdeling": "department",
    "e-post": "email",
    "epost": "email",
    "telefon": "phone",
    "mobil": "mobile",
    "roller": "roles",
    "rolle": "roles",
    "region": "region",
    "enhet": "unit",
}
UNIT_COLUMNS = {
    "enhet": "name",
    "organisasjon": "organisation",
    "overordnet enhet": "parent",
    "overordnet": "parent",
    "type": "kind",
    "telefon": "phone",
    "direktenummer": "direct_phone",
    "plo-telefon": "plo_fallback_phone",
    "e-post": "email",
    "epost": "email",
    "åpningstid": "opening_hours",
    "adresse": "address",
    "når du skal ringe": "when_to_call",
    "rekkefølge": "sort_order",
}

# Short names coordinators use for the roles, besides the labels and the stored values.
ROLE_ALIASES = {
    "koordinator": Role.Kind.COORDINATOR,
    "samhandlingslege": Role.Kind.COLLABORATION_DOCTOR,
    "praksiskonsulent": Role.Kind.COLLABORATION_DOCTOR,
    "pko": Role.Kind.COLLABORATION_DOCTOR,
    "barneansvarlig": Role.Kind.CHILD_RESPONSIBLE,
    "meldingsansvarlig": Role.Kind.MESSAGING_CONTACT,
}


def decode(raw: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252, which is what Excel writes on Norwegian Windows."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFailed(
            [_("Filen er verken UTF-8 eller Windows-1252. Lagre den som «CSV UTF-8» i Excel.")]
        ) from None


def _rows(text: str):
    """(line number, row as dict) for every non-empty row, and the lower-cased header."""
    first_line = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";"  # a one-column file; Norwegian Excel's separator
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        raise ImportFailed([_("Filen er tom.")]) from None
    rows = []
    line = reader.line_num
    for values in reader:
        start, line = line + 1, reader.line_num
        if any(value.strip() for value in values):
            rows.append((start, values))
    return header, rows


def _kind(value: str, choices, aliases=None):
    """A choice from its value, its label or an alias, case-insensitively; None if unknown."""
    wanted = value.strip().casefold()
    for choice_value, label in choices:
        label = str(label).casefold()
        if wanted in (choice_value, label, label.split(" (")[0]):
            return choice_value
    return (aliases or {}).get(wanted)


def _message_list(error: ValidationError, model) -> list[str]:
    messages = []
    for field_name, field_messages in error.message_dict.items():
        if field_name == "__all__":
            messages += field_messages
        else:
            label = model._meta.get_field(field_name).verbose_name
            messages += [f"{label}: {message}" for message in field_messages]
    return messages


def import_csv(raw: bytes) -> ImportResult:
    """Imports a file of people or of organisations, all or nothing (raises ImportFailed)."""
    header, rows = _rows(decode(raw))
    if "navn" in header:
        columns, importer, result = PERSON_COLUMNS, _import_person, ImportResult("people")
    elif "enhet" in header:
        columns, importer, result = UNIT_COLUMNS, _import_unit, ImportResult("units")
    elif "organisasjon" in header:
        columns, importer, result = ORGANISATION_COLUMNS, _import_organisation, ImportResult("organisations")
    else:
        raise ImportFailed(
            [
                _(
                    "Linje 1: fant verken kolonnen «navn» (personer), «enhet» (enheter) eller «organisasjon» "
                    "(organisasjoner) i overskriftene."
                )
            ]
        )
    unknown = [column for column in header if column and column not in columns]
    if unknown:
        raise ImportFailed(
            [
                _("Linje 1: ukjente kolonner: %(unknown)s. Kjente kolonner er: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(sorted(set(columns)))}
            ]
        )
    fields = [columns.get(column) for column in header]
    errors = []
    with transaction.atomic():
        for line, values in rows:
            if len(values) > len(fields):
                errors.append(_("Linje %(line)s: raden har flere celler enn overskriften.") % {"line": line})
                continue
            data = {name: value.strip() for name, value in zip(fields, values) if name}
            try:
                importer(data, result)
            except ValidationError as error:
                errors += [_("Linje %(line)s: %(message)s") % {"line": line, "message": m} for m in error.messages]
        if errors:
            # Nothing of a file with errors is kept: the coordinator fixes it and runs it again.
            transaction.set_rollback(True)
            raise ImportFailed(errors)
    return result


def _region(name: str, errors: list) -> Region | None:
    if not name:
        return None
    region = Region.objects.filter(name__iexact=name).first()
    if region is None:
        known = ", ".join(Region.objects.values_list("name", flat=True))
        errors.append(
            _("regionen «%(name)s» finnes ikke (kjente regioner: %(known)s).") % {"name": name, "known": known}
        )
    return region


def _clean(instance, errors: list, exclude: list[str]) -> None:
    """Runs the model's validation; its messages join `errors`, and a row with errors is refused."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        errors += _message_list(error, type(instance))
    if errors:
        raise ValidationError(errors)


def _import_organisation(data: dict, result: ImportResult) -> None:
    errors = []
    name = data.get("name", "")
    if "kind" in data:
        kind = _kind(data["kind"], Organisation.Kind.choices)
        if kind is None:
            labels = ", ".join(str(label) for _value, label in Organisation.Kind.choices)
            errors.append(
                _("ukjent type «%(kind)s» (bruk en av: %(labels)s).") % {"kind": data["kind"], "labels": labels}
            )
        data["kind"] = kind or ""
    if "region" in data:
        data["region"] = _region(data["region"], errors)
    number = data.get("organisation_number", "").replace(" ", "")
    if "organisation_number" in data:
        data["organisation_number"] = number
    organisation = (number and Organisation.objects.filter(organisation_number=number).first()) or (
        name and Organisation.objects.filter(name__iexact=name).first()
    )
    created = not organisation
    organisation = organisation or Organisation()
    for field_name, value in data.items():
        setattr(organisation, field_name, value)
    # A field already reported (an unknown type or region) is not reported twice.
    _clean(organisation, errors, exclude=["slug", *(f for f in ("kind", "region") if f in data and not data[f])])
    organisation.save()
    organisation.log_action("created" if created else "changed", data={"source": "csv_import"})
    result.created += created
    result.updated += not created


def _import_person(data: dict, result: ImportResult) -> None:
    errors = []
    name = data.get("name", "")
    organisation = None
    if data.get("organisation"):
        organisation = Organisation.objects.filter(name__iexact=data["organisation"]).first()
        if organisation is None:
            errors.append(
                _("organisasjonen «%(name)s» finnes ikke. Importer organisasjonene først.")
                % {"name": data["organisation"]}
            )
    region = _region(data.get("region", ""), errors)
    role_kinds = []
    for role_name in filter(None, (part.strip() for part in data.get("roles", "").split(","))):
        kind = _kind(role_name, Role.Kind.choices, ROLE_ALIASES)
        if kind is None:
            errors.append(_("ukjent rolle «%(role)s».") % {"role": role_name})
        role_kinds.append(kind)

    email = data.get("email", "")
    if email:
        existing = Person.objects.filter(email__iexact=email)
    else:
        existing = Person.objects.filter(name__iexact=name, organisation=organisation)
    person = existing.first() if name else None
    created = person is None
    person = person or Person()
    for field_name in ("name", "title", "department", "email", "phone", "mobile"):
        if field_name in data:
            setattr(person, field_name, data[field_name])
    if "organisation" in data:
        person.organisation = organisation
    if data.get("unit"):
        person.unit = _unit_of(person.organisation, data["unit"], errors)
    elif "unit" in data:
        person.unit = None
    _clean(person, errors, exclude=["user"])
    person.save()
    person.log_action("created" if created else "changed", data={"source": "csv_import"})
    result.created += created
    result.updated += not created

    for kind in role_kinds:
        # A coordinator is coordinator for a region; other roles are for the person's organisation.
        if kind == Role.Kind.COORDINATOR:
            role = Role(person=person, kind=kind, region=region or (organisation.region if organisation else None))
        else:
            role = Role(person=person, kind=kind, region=region, organisation=organisation)
        if Role.objects.filter(person=person, kind=kind, region=role.region, organisation=role.organisation).exists():
            continue  # roles are only added: the person has this one already
        _clean(role, errors, exclude=[])
        role.save()
        result.roles_added += 1


def _unit_of(organisation: Organisation | None, name: str, errors: list) -> Unit | None:
    """The unit of `organisation` named `name` (case-insensitive); None with a message if there is none."""
    if organisation is None:
        errors.append(_("enheten «%(name)s» må ha en organisasjon.") % {"name": name})
        return None
    unit = Unit.objects.filter(organisation=organisation, name__iexact=name).first()
    if unit is None:
        errors.append(
            _("%(organisation)s har ingen enhet «%(name)s». Importer enhetene først.")
            % {"organisation": organisation.name, "name": name}
        )
    return unit


def _import_unit(data: dict, result: ImportResult) -> None:
    """A unit, found by its organisation and name (so a second import updates it)."""
    errors: list[str] = []
    organisation = None
    if data.get("organisation"):
        organisation = Organisation.objects.filter(name__iexact=data["organisation"]).first()
        if organisation is None:
            errors.append(
                _("organisasjonen «%(name)s» finnes ikke. Importer organisasjonene først.")
                % {"name": data["organisation"]}
            )
    else:
        errors.append(_("organisasjon: Feltet må fylles ut."))
    if "kind" in data:
        kind = _kind(data["kind"], Unit.Kind.choices)
        if kind is None:
            labels = ", ".join(str(label) for _value, label in Unit.Kind.choices)
            errors.append(
                _("ukjent type «%(kind)s» (bruk en av: %(labels)s).") % {"kind": data["kind"], "labels": labels}
            )
        data["kind"] = kind or ""
    parent = _unit_of(organisation, data["parent"], errors) if data.get("parent") and organisation else None
    name = data.get("name", "")
    unit = (organisation and name and Unit.objects.filter(organisation=organisation, name__iexact=name).first()) or None
    created = unit is None
    unit = unit or Unit()
    if organisation is not None:
        unit.organisation = organisation
    unit.parent = parent
    for field_name in (
        "name",
        "kind",
        "phone",
        "direct_phone",
        "plo_fallback_phone",
        "email",
        "opening_hours",
        "address",
        "when_to_call",
    ):
        if field_name in data:
            setattr(unit, field_name, data[field_name])
    if data.get("sort_order"):
        if data["sort_order"].isdigit():
            unit.sort_order = int(data["sort_order"])
        else:
            errors.append(_("rekkefølge: skriv et helt tall, f.eks. 10."))
    exclude = ["slug", "sort_order", *(f for f in ("kind",) if f in data and not data[f])]
    if organisation is None:
        exclude.append("organisation")
    _clean(unit, errors, exclude=exclude)
    unit.save()
    unit.log_action("created" if created else "changed", data={"source": "csv_import"})
    result.created += created
    result.updated += not created
