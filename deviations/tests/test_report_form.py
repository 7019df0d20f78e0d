"""/avvik/meld/: the reporter's form, its errors and its defences."""

import datetime

import pytest
from django.utils import timezone

from deviations.models import Deviation, DeviationEvent
from deviations.tests.conftest import IDENTITY_NUMBER, report_data

URL = "/avvik/meld/"


def test_the_form_needs_no_login_and_warns_before_the_free_text(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    warning = page.index("Skriv ikke noe som kan identifisere pasienten")
    assert "helsepersonelloven § 23 nr. 2" in page
    # The warning comes before every free-text field.
    for name in ("description", "immediate_action", "suggestion"):
        assert warning < page.index(f'name="{name}"', page.index("<main"))
    assert 'name="submission_key"' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_it_lists_service_agreements_by_number_and_title_with_vet_ikke(client, db):
    from agreements.models import Agreement

    Agreement.objects.create(
        kind=Agreement.Kind.SERVICE, identifier="Tjenesteavtale 5", title="Utskrivningsklare pasienter", law_point=5
    )
    Agreement.objects.create(kind=Agreement.Kind.FRAMEWORK, identifier="Overordnet", title="Samarbeidsavtalen")
    page = client.get(URL).content.decode()
    assert "Tjenesteavtale 5: Utskrivningsklare pasienter" in page
    assert "Vet ikke" in page
    assert "Samarbeidsavtalen" not in page


def test_a_report_is_saved_with_a_reference_a_deadline_and_a_created_event(client, skien, hospital, settings):
    response = client.post(URL, report_data(skien, hospital))
    deviation = Deviation.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith("/avvik/kvittering/")
    year = timezone.localdate().year
    assert deviation.reference == f"SA-{year}-000001"
    assert deviation.status == Deviation.Status.RECEIVED
    assert deviation.respond_by == timezone.localdate() + datetime.timedelta(days=settings.DEVIATION_RESPONSE_DAYS)
    assert deviation.concerned_organisation == hospital
    assert list(deviation.events.values_list("action", flat=True)) == [DeviationEvent.Kind.CREATED]


def test_the_receipt_shows_the_reference_the_deadline_and_what_happens_next(client, skien, hospital):
    response = client.post(URL, report_data(skien, hospital), follow=True)
    deviation = Deviation.objects.get()
    page = response.content.decode()
    assert deviation.reference in page
    assert "Takk! Meldingen er mottatt." in page
    assert "Hva skjer nå?" in page
    assert "Sykehuset Telemark HF har fått beskjed og skal svare innen" in page


def test_only_eight_fields_are_required(client, db):
    response = client.post(URL, {"submission_key": "", "kind": ""})
    form = response.context["form"]
    assert response.status_code == 400
    required = sorted(name for name, field in form.fields.items() if field.required)
    assert required == sorted(
        [
            "kind",
            "reporter_name",
            "reporter_email",
            "reporter_organisation",
            "concerned_organisation",
            "category",
            "occurred_on",
            "description",
            "submission_key",
        ]
    )


def test_a_logged_in_reporter_finds_their_name_e_mail_and_workplace_filled_in(client, plain_user):
    plain_user.first_name, plain_user.last_name = "Vera", "Vanlig"
    plain_user.save()
    client.force_login(plain_user)
    form = client.get(URL).context["form"]
    assert form.initial["reporter_name"] == "Vera Vanlig"
    assert form.initial["reporter_email"] == "vanlig@example.org"
    assert form.initial["reporter_organisation"] == plain_user.organisation_id


def test_a_logged_in_reporters_report_is_theirs(client, plain_user, hospital):
    client.force_login(plain_user)
    client.post(URL, report_data(plain_user.organisation, hospital))
    assert Deviation.objects.get().reported_by == plain_user


@pytest.mark.parametrize("field", ["description", "immediate_action", "suggestion", "reporter_name", "reporter_title"])
def test_it_refuses_an_identity_number_in_any_free_text_and_keeps_the_input(client, skien, hospital, field, caplog):
    text = f"Gjaldt pasient {IDENTITY_NUMBER} på avdelingen"
    data = report_data(skien, hospital, **{field: text}, reporter_phone="35 00 35 00")
    response = client.post(URL, data)
    assert response.status_code == 400
    assert not Deviation.objects.exists()
    page = response.content.decode()
    assert "fødselsnummer" in page
    assert f'href="#id_{field}"' in page  # the error summary links to the field
    assert text in page  # what was typed is kept
    assert "35 00 35 00" in page  # and so is everything else
    assert IDENTITY_NUMBER not in caplog.text  # logged as an attempt, never with the number


def test_the_personal_data_guard_accepts_an_ordinary_phone_or_ward_number(client, skien, hospital):
    data = report_data(skien, hospital, description="Ring avdeling 3 på 35 00 35 00 før kl. 14.")
    assert client.post(URL, data).status_code == 302


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"occurred_on": "2026-02-30"}, "occurred_on", "gyldig dato"),
        ({"occurred_on": "i går"}, "occurred_on", "gyldig dato"),
        ({"occurred_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}, "occurred_on", "fremtiden"),
        ({"occurred_on": "1899-05-17"}, "occurred_on", "for langt tilbake"),
        ({"concerned_organisation": "999999"}, "concerned_organisation", "Fant ingen organisasjon som passer"),
        ({"concerned_organisation": "abc"}, "concerned_organisation", "Fant ingen organisasjon som passer med «abc»"),
        ({"reporter_organisation": "-1"}, "reporter_organisation", "Fant ingen organisasjon som passer"),
        ({"agreement": "424242"}, "agreement", "Velg en tjenesteavtale fra listen"),
        ({"category": "bogus"}, "category", "Velg en kategori"),
        ({"kind": "spam"}, "kind", "samhandlingsavvik eller forbedringsforslag"),
        ({"consequence": "fatal"}, "consequence", "konsekvensene"),
        ({"reporter_email": "ikke-en-adresse"}, "reporter_email", "gyldig e-postadresse"),
        ({"reporter_phone": "ring meg"}, "reporter_phone", "med siffer"),
        ({"description": "x" * 4001}, "description", "høyst 4000 tegn"),
        ({"suggestion": "x" * 2001}, "suggestion", "høyst 2000 tegn"),
        ({"reporter_name": "x" * 201}, "reporter_name", "høyst 200 tegn"),
        ({"description": "Ble\x00borte"}, "description", "null-tegn"),
        ({"reporter_name": "Kari\x00"}, "reporter_name", "null-tegn"),
        ({"occurred_on": "2026-01-01\x00"}, "occurred_on", "gyldig dato"),
        ({"concerned_organisation": "1\x00"}, "concerned_organisation", "Skriv navnet på organisasjonen"),
        ({"concerned_organisation": "x" * 201}, "concerned_organisation", "Skriv navnet på organisasjonen"),
        ({"description": ""}, "description", "påkrevet"),
    ],
)
def test_bad_input_gives_a_clear_message_never_a_500(client, skien, hospital, overrides, field, message):
    response = client.post(URL, report_data(skien, hospital, **overrides))
    assert response.status_code == 400
    assert not Deviation.objects.exists()
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert f'href="#id_{field}' in response.content.decode()


@pytest.mark.parametrize("key", ["not-a-uuid", "", "1\x00", "' OR 1=1 --"])
def test_a_tampered_submission_key_is_refused_and_replaced(client, skien, hospital, key):
    response = client.post(URL, report_data(skien, hospital, submission_key=key))
    assert response.status_code == 400
    assert not Deviation.objects.exists()
    assert "Skjemaet var skadet eller utløpt" in response.content.decode()
    fresh = response.context["form"].data["submission_key"]
    assert fresh != key
    # The re-rendered form works when sent again.
    retry = report_data(skien, hospital, submission_key=fresh)
    assert client.post(URL, retry).status_code == 302


def test_the_receiver_must_be_another_organisation(client, skien):
    response = client.post(URL, report_data(skien, skien))
    assert response.status_code == 400
    assert "en annen organisasjon" in response.content.decode()


def test_a_merged_organisation_is_not_offered(client, skien, hospital):
    from contacts.models import Organisation

    old = Organisation.objects.create(name="Bø kommune", kind=Organisation.Kind.MUNICIPALITY, merged_into=skien)
    assert "Bø kommune" not in client.get(URL).content.decode()
    response = client.post(URL, report_data(skien, old))
    assert response.status_code == 400


def test_the_honeypot_stops_a_robot(client, skien, hospital):
    response = client.post(URL, report_data(skien, hospital, homepage="http://spam.example"))
    assert response.status_code == 400
    assert not Deviation.objects.exists()
    assert "skal stå tomt" in response.content.decode()


def test_the_honeypot_is_hidden_from_people_and_assistive_technology(client, db):
    page = client.get(URL).content.decode()
    start = page.index('name="homepage"')
    assert '<div class="honeypot" aria-hidden="true">' in page[start - 300 : start]
    assert 'tabindex="-1"' in page[start - 100 : start + 200]


def test_the_form_refuses_a_post_without_csrf_token(skien, hospital):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, report_data(skien, hospital))
    assert response.status_code == 403
    assert not Deviation.objects.exists()


@pytest.mark.parametrize("field, value", [("kind", "spam"), ("consequence", "fatal")])
def test_the_error_summary_link_of_a_radio_group_has_a_target(client, skien, hospital, field, value):
    page = client.post(URL, report_data(skien, hospital, **{field: value})).content.decode()
    assert f'href="#id_{field}"' in page
    assert f'id="id_{field}"' in page
