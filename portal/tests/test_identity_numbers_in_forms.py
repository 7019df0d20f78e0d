"""Identity numbers as people write them, posted through the real forms: refused, named, input kept.

The numbers come from samhandling/tests/identity_numbers.py (generated from the published rules);
one of each written form, the kinds taken in turn.
"""

import random

from deviations.models import Deviation
from deviations.tests.conftest import report_data
from portal.models import EventAttachment, PageFeedback
from portal.tests.conftest import make_event, pdf_bytes, upload
from samhandling.tests.identity_numbers import FORMS, KINDS, NAMED_AS, forms_for, make_identity_number


def _sample(seed: int) -> list[tuple[str, str, str]]:
    """One number of each written form, the kinds taken in turn."""
    rng = random.Random(seed)
    sample = []
    for i, form in enumerate(FORMS):
        kinds = [kind for kind in KINDS if form in forms_for(kind)]
        kind = kinds[i % len(kinds)]
        number = make_identity_number(kind, rng)
        sample.append((kind, form, f"Pasienten {FORMS[form](number, rng)} kom hjem uten epikrise"))
    return sample


def test_the_report_form_refuses_every_written_form_and_keeps_the_input(client, skien, hospital):
    for kind, form, text in _sample(5):
        data = report_data(skien, hospital, description=text, reporter_phone="35 00 35 00")
        response = client.post("/avvik/meld/", data)
        page = response.content.decode()
        assert response.status_code == 400, (kind, form, text)
        assert NAMED_AS[kind] in page, (kind, form)
        assert text in page and "35 00 35 00" in page, (kind, form)
    assert not Deviation.objects.exists()


def test_the_feedback_box_refuses_every_written_form_and_keeps_the_input(client, db):
    for kind, form, text in _sample(6):
        response = client.post("/tilbakemelding/", {"path": "/avtaler/", "found": "0", "comment": text})
        page = response.content.decode()
        assert response.status_code == 400, (kind, form, text)
        assert NAMED_AS[kind] in page, (kind, form)
        assert text in page, (kind, form)
    assert not PageFeedback.objects.exists()


def test_a_presentation_whose_file_name_holds_an_identity_number_is_refused(client, editor):
    # The file name is kept as the download's name, which readers see.
    client.force_login(editor)
    event = make_event("Fagdag", "draft")
    response = client.post(
        f"/redaksjon/arrangementer/{event.pk}/presentasjoner/",
        {"attachment-title": "Lysark", "attachment-file": upload("epikrise 230665 43242.pdf", pdf_bytes())},
    )
    assert response.status_code == 400
    assert "et fødselsnummer" in response.content.decode()
    assert not EventAttachment.objects.exists()
