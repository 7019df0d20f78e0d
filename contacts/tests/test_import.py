"""manage.py import_contacts FILE: people and organisations from CSV, all or nothing."""

import pytest
from django.core.management import CommandError, call_command

from contacts.models import Organisation, Person, Role, Unit


def run(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "kontakter.csv"
    path.write_bytes(text.encode(encoding))
    call_command("import_contacts", str(path))


ORGANISATIONS = """organisasjon;type;region;organisasjonsnummer;e-post;telefon;avvik-e-post;plo-telefon
Tokke kommune;kommune;Vest-Telemark;974 558 386;post@tokke.example.org;35 07 50 00;avvik@tokke.example.org;35 07 50 10
Fjordglimt legesenter;legekontor;Grenland;;;35 51 77 00;;
"""


def test_it_imports_organisations_from_excel_csv_with_a_bom(tmp_path, grenland, vest_telemark, capsys):
    run(tmp_path, "\ufeff" + ORGANISATIONS)
    tokke = Organisation.objects.get(name="Tokke kommune")
    assert tokke.kind == Organisation.Kind.MUNICIPALITY
    assert tokke.region == vest_telemark
    assert tokke.organisation_number == "974558386"
    assert tokke.plo_fallback_phone == "35 07 50 10"
    assert Organisation.objects.get(name="Fjordglimt legesenter").kind == Organisation.Kind.GP_OFFICE
    assert "Importerte 2 organisasjoner: 2 nye, 0 oppdatert." in capsys.readouterr().out


def test_importing_again_updates_instead_of_duplicating(tmp_path, grenland, vest_telemark):
    run(tmp_path, ORGANISATIONS)
    run(tmp_path, ORGANISATIONS.replace("35 07 50 10", "35 07 50 99"))
    assert Organisation.objects.filter(name="Tokke kommune").count() == 1
    assert Organisation.objects.get(name="Tokke kommune").plo_fallback_phone == "35 07 50 99"
    # Both imports are in the audit trail, with where the change came from.
    actions = Organisation.objects.get(name="Tokke kommune").logs().values_list("action", "data__source")
    assert list(actions) == [("created", "csv_import"), ("changed", "csv_import")]


PEOPLE = """navn;stilling;organisasjon;e-post;telefon;roller;region
Åsta Kvåle;Samhandlingskoordinator;Vinje kommune;asta.kvale@vinje.example.org;35 06 20 11;samhandlingskoordinator;
Øystein Bråthen;Fastlege;Vinje kommune;oystein@vinje.example.org;;PKO, kreftkoordinator;
"""


def test_it_imports_people_with_roles_from_windows_1252(tmp_path, vinje, vest_telemark, capsys):
    run(tmp_path, PEOPLE, encoding="cp1252")
    åsta = Person.objects.get(email="asta.kvale@vinje.example.org")
    assert åsta.name == "Åsta Kvåle" and åsta.organisation == vinje
    # A coordinator's region defaults to the organisation's.
    assert åsta.roles.get().region == vest_telemark
    øystein = Person.objects.get(name="Øystein Bråthen")
    assert sorted(øystein.roles.values_list("kind", flat=True)) == [
        Role.Kind.CANCER_COORDINATOR,
        Role.Kind.COLLABORATION_DOCTOR,
    ]
    assert list(Person.objects.search("kvåle")) == [åsta]
    assert "Importerte 2 personer: 2 nye, 0 oppdatert. 3 nye roller." in capsys.readouterr().out
    run(tmp_path, PEOPLE, encoding="cp1252")
    assert Person.objects.count() == 2 and Role.objects.count() == 3


def test_commas_and_utf8_without_bom_work_too(tmp_path, vinje):
    run(tmp_path, "navn,stilling,organisasjon\nPer Ås,Rådgiver,vinje kommune\n")
    assert Person.objects.get().organisation == vinje


def test_one_bad_row_imports_nothing_and_every_error_has_its_line(tmp_path, vinje):
    text = (
        "navn;organisasjon;e-post;telefon;roller\n"
        "Gyldig Person;Vinje kommune;gyldig@example.org;35 06 20 00;\n"
        "\n"  # empty rows are skipped, but counted as lines
        "Feil Epost;Vinje kommune;ikke-en-adresse;35 06 20 00;\n"
        "Feil Telefon;Narnia kommune;feil@example.org;123;konge\n"
        ";Vinje kommune;;;\n"
    )
    with pytest.raises(CommandError) as error:
        run(tmp_path, text)
    message = str(error.value)
    assert message.startswith("Ingenting ble importert.")
    assert "Linje 4: e-post (jobb): Oppgi en gyldig e-postadresse" in message
    assert "Linje 5: organisasjonen «Narnia kommune» finnes ikke" in message
    assert "Linje 5: ukjent rolle «konge»." in message
    assert "Linje 5: telefon (jobb): «123» er ikke et gyldig telefonnummer" in message
    assert "Linje 6: navn: " in message
    assert "Linje 2" not in message
    assert Person.objects.count() == 0  # not even the valid first row


def test_an_invalid_organisation_number_is_refused_with_its_line(tmp_path, grenland):
    with pytest.raises(CommandError) as error:
        run(tmp_path, "organisasjon;type;organisasjonsnummer\nNy kommune;kommune;974558387\nAnnen;fylke;\n")
    message = str(error.value)
    assert "Linje 2: organisasjonsnummer: Organisasjonsnummeret 974558387 er ikke gyldig" in message
    assert "Linje 3: ukjent type «fylke»" in message
    assert not Organisation.objects.exists()


def test_a_multiline_cell_does_not_shift_the_line_numbers(tmp_path, vinje):
    text = 'navn;stilling;e-post\nA Person;"Rådgiver,\nandre linje";a@example.org\nB Person;Rådgiver;ikke-epost\n'
    with pytest.raises(CommandError) as error:
        run(tmp_path, text)
    assert "Linje 4: e-post (jobb)" in str(error.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "Filen er tom."),
        ("fornavn;etternavn\nA;B\n", "Linje 1: fant verken kolonnen «navn»"),
        ("navn;skostørrelse\nA;42\n", "Linje 1: ukjente kolonner: skostørrelse."),
        ("navn;stilling\nA;B;C\n", "Linje 2: raden har flere celler enn overskriften."),
    ],
)
def test_a_malformed_file_gets_a_clear_message(tmp_path, db, text, expected):
    with pytest.raises(CommandError) as error:
        run(tmp_path, text)
    assert expected in str(error.value)


def test_a_missing_file_or_a_binary_file_gets_a_clear_message(tmp_path, db):
    with pytest.raises(CommandError, match="Fant ikke eller kunne ikke lese"):
        call_command("import_contacts", str(tmp_path / "finnes-ikke.csv"))
    path = tmp_path / "bilde.csv"
    path.write_bytes(b"navn\n\x81\x8d\x8f\x90\x9d")
    with pytest.raises(CommandError, match="verken UTF-8 eller Windows-1252"):
        call_command("import_contacts", str(path))


UNITS = """enhet;organisasjon;overordnet enhet;type;telefon;plo-telefon;åpningstid;når du skal ringe
Tildelingskontoret;Porsgrunn kommune;;tildelingskontor;35 99 01 17;35 99 01 19;Hverdager 08–15;Ring om utskrivningsklare pasienter.
Hjemmesykepleien;Porsgrunn kommune;;hjemmetjeneste;35 99 01 20;;Hele døgnet;
Hjemmesykepleien sone øst;Porsgrunn kommune;Hjemmesykepleien;hjemmetjeneste;;;;
"""


def test_it_imports_a_units_file_with_its_tree_and_phones_in_e164(tmp_path, porsgrunn, capsys):
    run(tmp_path, UNITS)
    office = Unit.objects.get(name="Tildelingskontoret")
    assert office.organisation == porsgrunn and office.kind == Unit.Kind.ALLOCATION_OFFICE
    assert office.plo_fallback_phone.as_e164 == "+4735990119"
    assert Unit.objects.get(name="Hjemmesykepleien sone øst").parent == Unit.objects.get(name="Hjemmesykepleien")
    assert "Importerte 3 enheter: 3 nye, 0 oppdatert." in capsys.readouterr().out
    run(tmp_path, UNITS.replace("Hverdager 08–15", "Hverdager 08–16"))
    assert Unit.objects.count() == 3
    assert Unit.objects.get(name="Tildelingskontoret").opening_hours == "Hverdager 08–16"


def test_a_units_file_with_errors_imports_nothing_and_names_every_line(tmp_path, porsgrunn):
    broken = (
        UNITS
        + "Legevakt;Porsgrunn kommune;;legevakt;ring oss;;;\n"
        + "Sengepost 3;Sykehuset Atlantis;;sengepost;;;;\n"
        + "KAD;Porsgrunn kommune;Finnes ikke;annet;;;;\n"
        + "Akutt;Porsgrunn kommune;;romskip;;;;\n"
    )
    with pytest.raises(CommandError) as error:
        run(tmp_path, broken)
    message = str(error.value)
    assert "Linje 5: telefon: «ring oss» er ikke et gyldig telefonnummer" in message
    assert "Linje 6: organisasjonen «Sykehuset Atlantis» finnes ikke" in message
    assert "Linje 7: Porsgrunn kommune har ingen enhet «Finnes ikke»" in message
    assert "Linje 8: ukjent type «romskip»" in message
    assert Unit.objects.count() == 0


def test_people_are_placed_in_a_unit_of_their_organisation(tmp_path, porsgrunn):
    run(tmp_path, UNITS)
    run(tmp_path, "navn;organisasjon;enhet;e-post\nTone Vassli;Porsgrunn kommune;tildelingskontoret;tone@example.org\n")
    assert Person.objects.get(name="Tone Vassli").unit == Unit.objects.get(name="Tildelingskontoret")
    with pytest.raises(CommandError, match="Linje 2: Porsgrunn kommune har ingen enhet «Legevakta»"):
        run(tmp_path, "navn;organisasjon;enhet\nOle Vassli;Porsgrunn kommune;Legevakta\n")
