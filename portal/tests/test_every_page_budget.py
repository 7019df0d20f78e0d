"""No page of the portal needs more than ten SQL queries, for anyone who may open it.

Walks every GET row of the access matrix (and the searches a reader types) for each persona
that gets 200, with the reader cache off (the suite's default), so the real render is counted:
a logged-in user's, and an anonymous reader's first visit after any change. The counts are
the same at demo and national size (test_query_budgets.py checks that per page); this test
keeps any page from creeping past the limit. A page that cannot stay within it is listed in
OVER_BUDGET with its count and the reason, never left out silently.
"""

import pytest
from django.core.cache import caches

from conftest import PERSONAS
from portal.tests import test_access_matrix
from portal.tests.test_access_matrix import ROWS, Row, everyone

world = test_access_matrix.world  # the matrix's fixture: its objects fill in the paths

MAX_QUERIES = 10

# Searches with a query, which the matrix opens without one (or with another).
EXTRA_ROWS = [
    Row("contacts:directory", "/kontakter/?q=koordinator", everyone(200)),
    Row("contacts:directory", "/kontakter/?q=bitus", everyone(200)),
    Row("portal:search", "/sok/?q=utskrivning", everyone(200)),
    Row("portal:search", "/sok/?q=ragna+bitustoyl", everyone(200)),
    Row("agreements:routines", "/rutiner/?q=utskrivning", everyone(200)),
    Row("contacts:services", "/tjenester/?q=rehabilitering", everyone(200)),
]

# The matrix's path -> (queries, why it needs more). Nothing else may.
OVER_BUDGET: dict[str, tuple[int, str]] = {}

PAGES = [row for row in ROWS + EXTRA_ROWS if row.method == "get" and 200 in row.expected.values()]


@pytest.fixture
def personas(request) -> dict[str, object]:
    return {name or "anonymous": request.getfixturevalue(name) if name else None for name in PERSONAS}


@pytest.mark.parametrize("row", PAGES, ids=lambda row: f"{row.name} {row.path}")
def test_every_page_needs_at_most_ten_queries_for_everyone_who_may_open_it(
    client, world, personas, row, django_assert_max_num_queries
):
    path = row.path.format(w=world)
    budget, _reason = OVER_BUDGET.get(row.path, (MAX_QUERIES, ""))
    for name, user in personas.items():
        if row.expected[name] != 200:
            continue
        client.logout()
        if user is not None:
            client.force_login(user)
        # Cold: the front page's content and the handlers' form fragments are rendered anew.
        for cache in caches.all():
            cache.clear()
        with django_assert_max_num_queries(budget, info=f"{path} as {name}"):
            response = client.get(path)
        assert response.status_code == 200, f"{path} as {name}"


def test_every_page_listed_over_the_limit_is_a_page_the_walk_opens():
    assert set(OVER_BUDGET) <= {row.path for row in PAGES}
    assert all(count > MAX_QUERIES and reason for count, reason in OVER_BUDGET.values())
