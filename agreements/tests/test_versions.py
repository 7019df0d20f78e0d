"""The version in force is chosen by date; a new version never overwrites the old."""

import datetime

import pytest

from agreements.models import Agreement, AgreementVersion
from agreements.tests.conftest import make_service, make_version, pdf_upload

pytestmark = pytest.mark.django_db


def test_the_version_in_force_is_the_latest_that_has_started(discharge_agreement, today):
    make_version(discharge_agreement, "2019", datetime.date(2019, 7, 1))
    current = make_version(discharge_agreement, "2023", datetime.date(2023, 4, 1), datetime.date(2027, 1, 1))
    make_version(discharge_agreement, "2027", today + datetime.timedelta(days=1))

    annotated = Agreement.objects.with_version_in_force().get()
    assert annotated.current_version_id == current.pk
    assert annotated.current_version_label == "2023"
    assert annotated.revision_due == datetime.date(2027, 1, 1)
    in_force, coming, replaced = discharge_agreement.version_timeline()
    assert in_force == current
    assert [v.label for v in coming] == ["2027"]
    assert [v.label for v in replaced] == ["2019"]
    assert replaced[0].replaced_on == datetime.date(2023, 4, 1)


def test_a_version_starting_today_is_in_force_today(discharge_agreement, today):
    make_version(discharge_agreement, "2019", datetime.date(2019, 7, 1))
    make_version(discharge_agreement, "2026", today)
    assert Agreement.objects.with_version_in_force().get().current_version_label == "2026"


def test_an_agreement_with_only_a_future_version_has_none_in_force(discharge_agreement, today):
    make_version(discharge_agreement, "2027", today + datetime.timedelta(days=30))
    assert Agreement.objects.with_version_in_force().get().current_version_id is None
    assert list(Agreement.objects.without_version_in_force()) == [discharge_agreement]


def test_the_agreement_page_shows_what_is_in_force_and_marks_the_rest(client, discharge_agreement, today):
    make_version(discharge_agreement, "2019", datetime.date(2019, 7, 1), changes="Første versjon.")
    make_version(discharge_agreement, "2023", datetime.date(2023, 4, 1), changes="Kortere frister.")
    make_version(discharge_agreement, "2027", datetime.date(2027, 1, 1))

    page = client.get(discharge_agreement.get_absolute_url()).content.decode()

    current_section = page[page.index("Gjeldende versjon") : page.index("Tidligere versjoner")]
    assert "Versjon 2023" in current_section and "gjeldende" in current_section
    assert "Versjon 2027" in current_section and "ikke i kraft ennå" in current_section
    replaced_section = page[page.index("Tidligere versjoner") :]
    assert "Versjon 2019" in replaced_section and "erstattet" in replaced_section
    assert "Første versjon." in replaced_section  # what changed stays readable


def test_the_agreement_page_says_so_when_no_version_is_in_force(client, discharge_agreement, today):
    page = client.get(discharge_agreement.get_absolute_url()).content.decode()
    assert "Ingen versjon av avtalen er i kraft ennå." in page


def _version_form(**overrides):
    data = {
        "label": "2026",
        "adopted_on": "2026-05-01",
        "in_force_from": "2026-07-01",
        "next_revision_due": "2030-07-01",
        "changes": "Nye frister for varsling.",
        "document": pdf_upload(),
    }
    data.update(overrides)
    return data


def test_a_coordinator_adds_a_version_and_the_old_one_stays(client, coordinator, discharge_agreement, today):
    old = make_version(discharge_agreement, "2019", datetime.date(2019, 7, 1))
    client.force_login(coordinator)

    response = client.post(f"/avtaler/{discharge_agreement.slug}/ny-versjon/", _version_form())

    assert response.status_code == 302
    assert response["Location"] == discharge_agreement.get_absolute_url()
    new = AgreementVersion.objects.get(label="2026")
    assert new.created_by == coordinator
    assert new.document.name.startswith("avtaler/") and new.document.name.endswith(".pdf")
    old.refresh_from_db()
    assert old.document and old.label == "2019"
    # It starts on 1 July: until then the old version is in force.
    assert Agreement.objects.with_version_in_force().get().current_version_id == old.pk
    entry = new.logs().get()
    assert (entry.action, entry.user) == ("created", coordinator)
    page = client.get(response["Location"]).content.decode()
    assert "Den gjelder fra 1. juli 2026; til da gjelder den forrige versjonen." in page


def test_a_version_label_or_start_date_used_before_is_refused_with_a_message(
    client, coordinator, discharge_agreement, today
):
    make_version(discharge_agreement, "2026", datetime.date(2026, 7, 1))
    client.force_login(coordinator)

    response = client.post(f"/avtaler/{discharge_agreement.slug}/ny-versjon/", _version_form())

    assert response.status_code == 400
    page = response.content.decode()
    assert "Avtalen har allerede en versjon med denne betegnelsen." in page
    assert "Avtalen har allerede en versjon som gjelder fra denne datoen." in page
    assert "Nye frister for varsling.</textarea>" in page  # the input is kept
    assert AgreementVersion.objects.count() == 1


@pytest.mark.parametrize(
    "override, message",
    [
        ({"next_revision_due": "2026-01-01"}, "Revisjonsdatoen må være etter datoen versjonen gjelder fra."),
        ({"changes": "Gjelder 23066543242"}, "fødselsnummer"),
        ({"in_force_from": "1. juli"}, "Oppgi en gyldig dato."),
    ],
)
def test_bad_input_is_refused_with_a_message(client, coordinator, discharge_agreement, today, override, message):
    client.force_login(coordinator)
    response = client.post(f"/avtaler/{discharge_agreement.slug}/ny-versjon/", _version_form(**override))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AgreementVersion.objects.exists()


def test_the_database_refuses_a_service_agreement_without_a_law_point(db):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Agreement.objects.create(kind=Agreement.Kind.SERVICE, identifier="Tjenesteavtale X", title="Uten punkt")


def test_a_sub_agreement_shows_its_parent_and_inherits_its_point(client, today):
    parent = make_service(4)
    sub = Agreement.objects.create(kind=Agreement.Kind.SUB, identifier="Særavtale 4.1", title="KAD", parent=parent)
    assert sub.slug == "saeravtale-41"
    page = client.get(sub.get_absolute_url()).content.decode()
    assert "§ 6-2 nr. 4" in page
    assert parent.get_absolute_url() in page
    listing = client.get("/avtaler/").content.decode()
    assert listing.index("Tjenesteavtale 4") < listing.index("Særavtale 4.1")


def test_an_agreement_cannot_take_the_review_pages_address(db):
    from django.core.exceptions import ValidationError

    assert (
        Agreement.objects.create(
            kind=Agreement.Kind.SUB, identifier="Til revisjon", title="X", parent=make_service(1)
        ).slug
        == "til-revisjon-2"
    )
    with pytest.raises(ValidationError, match="i bruk av portalen"):
        Agreement(kind=Agreement.Kind.SERVICE, identifier="X", title="X", law_point=2, slug="til-revisjon").full_clean()
