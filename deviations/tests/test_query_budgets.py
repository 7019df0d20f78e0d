"""Every page costs the same few queries with 10 deviations or 10,000."""

import pytest

from deviations import services
from deviations.models import Deviation
from deviations.tests.conftest import bulk_deviations, make_deviation, report_data

# Inbox: session, user, the user's roles, counts per status (one aggregate, which is also
# the paginator's count), the overdue measures, the handler's organisation (for the
# heading), the page's rows with their organisations and handler, and the filter form's
# lists (agreements, organisations).
INBOX_BUDGET = 9
# Detail: session, user, roles, the deviation with its relations, its measures, its
# timeline, and for its handlers the colleagues to assign to and the agreements to classify
# by (the forward form and its list of organisations have a page of their own).
DETAIL_BUDGET = 8
# The forward form: session, the user with the roles, the deviation, the organisations to choose from.
FORWARD_BUDGET = 4
# Receipt: the deviation with its organisations and agreement, its measures, the reporter's events.
RECEIPT_BUDGET = 3
# Mine meldinger: session, the user with the roles (for the tools menu in the header), count, page.
MINE_BUDGET = 4
# The form, anonymous and cold: the service agreements twice (the key of the page this
# process keeps, deviations.views._blank_report_page, then the list); warm, only the key
# (deviations/tests/test_report_form_at_scale.py). No organisation list any more.
FORM_BUDGET = 2
# A new report, anonymous: the two chosen organisations (the receiver's with its e-mail
# address), then one transaction: BEGIN, both rate limits in one statement, the reference
# number, the report, its timeline entry, its two e-mails in one INSERT, COMMIT; and one
# task for the e-mails (in production written in the transaction, test_report_task.py).
# The same form posted again costs no more.
REPORT_POST_BUDGET = 10


@pytest.fixture(params=[10, 10_000], ids=["10", "10000"])
def many(request, skien, porsgrunn, hospital, hospital_handler, plain_user):
    half = request.param // 2
    bulk_deviations(half, skien, hospital, reported_by=plain_user)
    bulk_deviations(
        request.param - half, hospital, porsgrunn, status=Deviation.Status.IN_PROGRESS, assigned_to=hospital_handler
    )
    deviation = make_deviation(skien, hospital, reported_by=plain_user)
    services.take(deviation, hospital_handler)
    for number in range(5):
        services.comment(deviation, hospital_handler, f"Kommentar {number}", visible_to_reporter=number % 2 == 0)
    services.answer(deviation, hospital_handler, "Svar.")
    return deviation


# One test per size, so the 10,000 rows are written once (about ten seconds).
def test_every_page_keeps_its_budget(
    client, many, hospital_handler, quality, plain_user, django_assert_max_num_queries
):
    client.force_login(hospital_handler)
    for params in ({}, {"status": "received", "category": "admission", "overdue": "on"}, {"side": "3"}):
        with django_assert_max_num_queries(INBOX_BUDGET):
            assert client.get("/avvik/", params).status_code == 200
    with django_assert_max_num_queries(DETAIL_BUDGET):
        assert client.get(many.get_absolute_url()).status_code == 200
    received = Deviation.objects.filter(
        status=Deviation.Status.RECEIVED, concerned_organisation=many.concerned_organisation
    ).first()
    with django_assert_max_num_queries(FORWARD_BUDGET):
        assert client.get(f"{received.get_absolute_url()}videresend/").status_code == 200

    # No organisation in the heading, but a second organisation list (the "Meldt til" filter).
    client.force_login(quality)
    with django_assert_max_num_queries(INBOX_BUDGET):
        response = client.get("/avvik/")
    assert (
        response.context["page"].paginator.count == Deviation.objects.filter(status__in=Deviation.OPEN_STATUSES).count()
    )

    client.force_login(plain_user)
    with django_assert_max_num_queries(MINE_BUDGET):
        assert client.get("/avvik/mine/").status_code == 200

    client.logout()
    url = many.receipt_path()
    with django_assert_max_num_queries(RECEIPT_BUDGET):
        assert client.get(url).status_code == 200


def test_a_report_costs_the_same_few_queries_however_many_there_are(
    client, many, skien, hospital, django_assert_max_num_queries
):
    data = report_data(skien, hospital, description="Epikrisen manglet ved utskrivning.")
    with django_assert_max_num_queries(REPORT_POST_BUDGET):
        first = client.post("/avvik/meld/", data)
    with django_assert_max_num_queries(REPORT_POST_BUDGET):
        again = client.post("/avvik/meld/", data)
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert Deviation.objects.filter(description=data["description"]).count() == 1


def test_the_form_budget(client, skien, hospital, django_assert_max_num_queries):
    with django_assert_max_num_queries(FORM_BUDGET):
        assert client.get("/avvik/meld/").status_code == 200
