"""/avvik/<reference>/klassifisering/: the receiver corrects agreement, category and consequence."""

import pytest

from agreements.models import Agreement
from deviations import services
from deviations.models import Deviation
from deviations.statistics import Labels
from deviations.statistics.handling import handling_figures


@pytest.fixture
def agreement(db):
    return Agreement.objects.create(
        kind=Agreement.Kind.SERVICE, identifier="Tjenesteavtale 5", title="Utskrivningsklare pasienter", law_point=5
    )


def test_the_reporters_choice_is_kept_at_submit(deviation):
    assert deviation.original_agreement is None
    assert deviation.original_category == Deviation.Category.DISCHARGE
    assert deviation.original_consequence == Deviation.Consequence.MINOR
    assert not deviation.reclassified


def test_a_handler_classifies_and_the_original_stays_shown(client, hospital_handler, deviation, agreement):
    client.force_login(hospital_handler)
    response = client.post(
        f"/avvik/{deviation.reference}/klassifisering/",
        {"classify-agreement": agreement.pk, "classify-category": "medication", "classify-consequence": "moderate"},
    )
    assert response.status_code == 302
    deviation.refresh_from_db()
    assert (deviation.agreement, deviation.category, deviation.consequence) == (agreement, "medication", "moderate")
    assert deviation.original_agreement is None and deviation.original_category == "discharge"
    assert deviation.reclassified
    event = deviation.events.get(action="classified")
    assert event.user == hospital_handler and not event.visible_to_reporter
    assert event.data["from"] == {"agreement": None, "category": "discharge", "consequence": "minor"}
    page = client.get(deviation.get_absolute_url()).content.decode()
    assert "Melderens klassifisering" in page and "Ingen avtale oppgitt" in page
    assert "Klassifisering endret" in page


def test_setting_it_back_to_the_reporters_choice_is_no_longer_reclassified(hospital_handler, deviation, agreement):
    services.classify(deviation, hospital_handler, agreement=agreement, category="discharge", consequence="minor")
    deviation.refresh_from_db()
    assert deviation.reclassified
    services.classify(deviation, hospital_handler, agreement=None, category="discharge", consequence="minor")
    deviation.refresh_from_db()
    assert not deviation.reclassified
    assert deviation.events.filter(action="classified").count() == 2


def test_a_category_not_in_the_list_is_refused_with_the_input_kept(client, hospital_handler, deviation):
    client.force_login(hospital_handler)
    response = client.post(f"/avvik/{deviation.reference}/klassifisering/", {"classify-category": "nonsense"})
    assert response.status_code == 400
    assert "Velg en kategori fra listen." in response.content.decode()
    deviation.refresh_from_db()
    assert deviation.category == "discharge" and not deviation.events.filter(action="classified").exists()


def test_the_reporting_organisations_handler_may_not_classify(client, skien_handler, deviation, agreement):
    client.force_login(skien_handler)
    response = client.post(
        f"/avvik/{deviation.reference}/klassifisering/",
        {"classify-agreement": agreement.pk, "classify-category": "medication"},
    )
    assert response.status_code == 403


def test_the_statistics_count_the_current_classification_and_the_reclassified(
    client, quality, hospital_handler, deviation, agreement
):
    services.classify(deviation, hospital_handler, agreement=agreement, category="medication", consequence="")
    figures = handling_figures(Deviation.objects.all(), labels=Labels.from_lists([], [agreement]), suppress=False)
    assert figures.reclassified == 1
    client.force_login(quality)
    page = client.get("/avvik/statistikk/").content.decode()
    assert "Omklassifisert av mottaker" in page
    assert '<span class="reclassified-count">1</span>' in page
    response = client.get("/avvik/statistikk/", {"avtale": agreement.slug})
    assert response.context["stats"].total.count == 1
