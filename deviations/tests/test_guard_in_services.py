"""The personal-data guard in the deviation services, not only in the forms.

Whatever calls a service (a view, a command, a form that forgot its validator), text with an
identity number is refused with a ValidationError and nothing is saved; and a view whose form
let it through still answers with a clear Norwegian message and the input kept, never a 500.
"""

import uuid

import pytest
from django.core.exceptions import ValidationError

from deviations import services
from deviations.forms import AnswerForm, CommentForm, ForwardForm, ReporterCommentForm
from deviations.models import Deviation, DeviationEvent
from deviations.tests.conftest import report_data

# A D-nummer written as a date and a personal number: the guard's harder case.
WRITTEN = "Gjelder pasient 41.01.90 123 93 fra legevakten"


def _only_created(deviation):
    assert list(deviation.events.values_list("action", flat=True)) == [DeviationEvent.Kind.CREATED]


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda d, user, other: services.comment(d, user, WRITTEN, visible_to_reporter=False), "text"),
        (lambda d, user, other: services.add_reporter_comment(d, WRITTEN), "text"),
        (lambda d, user, other: services.answer(d, user, WRITTEN), "text"),
        (lambda d, user, other: services.forward(d, user, other, WRITTEN), "reason"),
    ],
)
def test_each_service_refuses_an_identity_number_and_saves_nothing(deviation, hospital_handler, porsgrunn, call, field):
    with pytest.raises(ValidationError) as refused:
        call(deviation, hospital_handler, porsgrunn)
    assert "et D-nummer" in refused.value.message_dict[field][0]
    deviation.refresh_from_db()
    _only_created(deviation)
    assert deviation.answer == "" and deviation.status == Deviation.Status.RECEIVED


@pytest.mark.parametrize("field", Deviation.FREE_TEXT_FIELDS)
def test_submitting_a_report_refuses_an_identity_number_in_any_free_text(skien, hospital, field):
    data = {
        "kind": Deviation.Kind.DEVIATION,
        "reporter_name": "Kari Nordmann",
        "reporter_email": "kari@example.org",
        "reporter_organisation": skien,
        "concerned_organisation": hospital,
        "category": Deviation.Category.DISCHARGE,
        "occurred_on": "2026-01-05",
        "description": "Pasienten kom hjem uten epikrise.",
        "consequence": Deviation.Consequence.MINOR,
    } | {field: WRITTEN}
    with pytest.raises(ValidationError) as refused:
        services.submit_deviation(data=data, submission_key=uuid.uuid4())
    assert list(refused.value.message_dict) == [field]
    assert not Deviation.objects.exists()


@pytest.fixture
def forms_without_the_guard(monkeypatch):
    """The forms as if someone had dropped the validator: only the services stand guard."""
    for form_class, name in (
        (CommentForm, "text"),
        (AnswerForm, "text"),
        (ForwardForm, "reason"),
        (ReporterCommentForm, "text"),
    ):
        monkeypatch.setattr(form_class.base_fields[name], "validators", [])
    monkeypatch.setattr(Deviation._meta.get_field("description"), "validators", [])


@pytest.mark.usefixtures("forms_without_the_guard")
@pytest.mark.parametrize(
    "action, data",
    [
        ("kommentar", {"comment-text": WRITTEN}),
        ("svar", {"answer-text": WRITTEN}),
        ("videresend", {"forward-reason": WRITTEN}),
    ],
)
def test_a_handler_sees_the_services_refusal_on_the_form_with_the_input_kept(
    client, deviation, hospital_handler, porsgrunn, action, data
):
    client.force_login(hospital_handler)
    if action == "videresend":
        data = data | {"forward-organisation": porsgrunn.pk}
    response = client.post(f"/avvik/{deviation.reference}/{action}/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Teksten ser ut til å inneholde et D-nummer" in page
    assert WRITTEN in page
    deviation.refresh_from_db()
    _only_created(deviation)


@pytest.mark.usefixtures("forms_without_the_guard")
def test_a_reporter_sees_the_services_refusal_on_the_receipt_page_with_the_input_kept(client, deviation):
    response = client.post(deviation.receipt_path(), {"text": WRITTEN})
    assert response.status_code == 400
    page = response.content.decode()
    assert "et D-nummer" in page and WRITTEN in page
    _only_created(deviation)


@pytest.mark.usefixtures("forms_without_the_guard")
def test_the_report_form_shows_the_services_refusal_with_the_input_kept(client, skien, hospital):
    response = client.post("/avvik/meld/", report_data(skien, hospital, description=WRITTEN))
    assert response.status_code == 400
    page = response.content.decode()
    assert "et D-nummer" in page
    assert 'href="#id_description"' in page  # the error summary links to the field
    assert WRITTEN in page
    assert not Deviation.objects.exists()
