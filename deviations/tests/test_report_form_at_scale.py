"""The deviation form costs the same with the Telemark partnership's 20 organisations as with
the country's 1,600: it lists none of them (the organisation picker, contacts.fields)."""

import re

import pytest

from contacts.models import Organisation
from deviations.models import Deviation
from deviations.tests.conftest import report_data

URL = "/avvik/meld/"
# Anonymous: the service agreements (the key of the blank page this process rendered before,
# deviations.views._blank_report_page).
ANONYMOUS_BUDGET = 1
# The first anonymous request renders the page: the agreements twice (key and list).
COLD_BUDGET = 2
# Logged in: session, the user with the roles (for the header's tools menu), the user's
# organisation's name for the "Arbeidssted" box, the service agreements.
LOGGED_IN_BUDGET = 4
# A report with both organisations typed as their exact names: one query for each name
# (where a <select> took one for each key), the rest is the saving path's (17 today).
POST_BUDGET = 18
# The form page was 205 KB with two lists of 1,617 organisations; without them it is small.
MAX_FORM_BYTES = 60_000


@pytest.fixture(params=[20, 1_600], ids=["demo", "national"])
def organisations(request, hospital, skien, grenland):
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Legekontor {number}",
            slug=f"legekontor-{number}",
            sort_key=f"legekontor {number:05}",
            kind=Organisation.Kind.GP_OFFICE,
            region=grenland,
            search_text=f"legekontor {number} legekontor grenland",
        )
        for number in range(request.param)
    )
    return request.param


def test_the_form_lists_no_organisation_and_keeps_its_budget(
    client, organisations, plain_user, django_assert_num_queries, django_assert_max_num_queries
):
    with django_assert_max_num_queries(COLD_BUDGET):
        first = client.get(URL)
    with django_assert_num_queries(ANONYMOUS_BUDGET):
        response = client.get(URL)
    html = response.content.decode()
    # The kept page is the same; the key against double submits is new.
    key = re.compile(r'name="submission_key" value="([^"]+)"')
    assert key.search(first.content.decode()).group(1) != key.search(html).group(1)
    assert html.count("Hva skjedde?") == 1 and 'name="csrfmiddlewaretoken"' in html
    assert len(response.content) < MAX_FORM_BYTES
    assert "Legekontor 1" not in html and "<option" not in html.split('id="id_agreement"')[0]

    client.force_login(plain_user)
    with django_assert_num_queries(LOGGED_IN_BUDGET):
        response = client.get(URL)
    assert 'value="Skien kommune"' in response.content.decode()  # the reporter's workplace, filled in


def test_a_report_with_typed_names_is_resolved_at_any_size(
    client, organisations, skien, hospital, django_assert_max_num_queries
):
    data = report_data(
        skien, hospital, reporter_organisation="skien kommune", concerned_organisation="Sykehuset Telemark HF"
    )
    with django_assert_max_num_queries(POST_BUDGET):
        response = client.post(URL, data)
    assert response.status_code == 302
    deviation = Deviation.objects.get()
    assert (deviation.reporter_organisation, deviation.concerned_organisation) == (skien, hospital)
