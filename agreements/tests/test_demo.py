"""The demo partnership's agreements and routines (agreements.demo)."""

import io

import pytest
from pypdf import PdfReader

from agreements import demo
from agreements.models import Agreement, AgreementVersion, Routine
from contacts import demo as contacts_demo
from contacts.models import Body

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    contacts_demo.load()
    demo.load()


def test_it_has_one_framework_and_one_service_agreement_per_point(loaded):
    assert Agreement.objects.filter(kind=Agreement.Kind.FRAMEWORK).count() == 1
    services = Agreement.objects.filter(kind=Agreement.Kind.SERVICE)
    assert sorted(services.values_list("law_point", flat=True)) == list(range(1, 14))
    for agreement in services:
        assert agreement.title == Agreement.LawPoint(agreement.law_point).label
    assert Agreement.objects.filter(kind=Agreement.Kind.SUB, parent__law_point=4).exists()


def test_every_agreement_has_a_version_in_force_and_one_is_still_to_come(loaded):
    assert not Agreement.objects.without_version_in_force().exists()
    discharge = Agreement.objects.get(law_point=5, kind=Agreement.Kind.SERVICE)
    _, coming, replaced = discharge.version_timeline()
    assert len(coming) == 1 and len(replaced) == 1
    assert Agreement.objects.due_for_revision().filter(revision_due__lt=demo.timezone.localdate()).exists()
    assert Routine.objects.due_for_review().exists()


def test_routines_sit_under_points_2_3_5_9_and_12(loaded):
    points = set(Routine.objects.in_force().values_list("agreements__law_point", flat=True))
    assert {2, 3, 5, 9, 12} <= points
    assert Routine.objects.get(title="Rutine for melding av samhandlingsavvik").agreements.get().law_point == 12
    discharge = Routine.objects.get(title="Rutine for utskrivning av utskrivningsklare pasienter")
    assert sorted(discharge.agreements.values_list("law_point", flat=True)) == [3, 5]


def test_documents_are_real_pdfs_in_storage(loaded):
    documents = [v.document for v in AgreementVersion.objects.all()]
    documents += [r.document for r in Routine.objects.exclude(document="")]
    assert len(documents) > 20
    for document in documents:
        with document.open("rb") as handle:
            assert len(PdfReader(io.BytesIO(handle.read())).pages) == 1


def test_loading_twice_changes_nothing(loaded):
    counts = (Agreement.objects.count(), AgreementVersion.objects.count(), Routine.objects.count())
    names = set(AgreementVersion.objects.values_list("document", flat=True))
    demo.load()
    assert (Agreement.objects.count(), AgreementVersion.objects.count(), Routine.objects.count()) == counts
    assert set(AgreementVersion.objects.values_list("document", flat=True)) == names


def test_bodies_named_after_an_agreement_are_linked_to_it(db):
    contacts_demo.load()
    # The contacts demo may already have these bodies: use them rather than make twins.
    council = Body.objects.get_or_create(
        name="Fagråd digital samhandling (tjenesteavtale 9)", defaults={"kind": Body.Kind.PROFESSIONAL_COUNCIL}
    )[0]
    ssu = Body.objects.filter(kind=Body.Kind.SSU).first() or Body.objects.create(
        name="Strategisk samarbeidsutvalg", kind=Body.Kind.SSU
    )
    demo.load()
    assert list(council.agreements.values_list("law_point", flat=True)) == [9]
    assert ssu.agreements.get().kind == Agreement.Kind.FRAMEWORK
    owner = Routine.objects.get(title="Rutine ved brudd i PLO-meldingsutvekslingen").owner
    assert owner == council


def test_it_loads_without_any_bodies(db):
    demo.load()  # no contacts demo at all: owners fall back to nothing, nothing breaks
    assert Routine.objects.count() == 7
