"""The access policy decides from plain attributes alone: a user's groups and organisation, a
deviation's two organisations. No database here: the portal-wide matrix in
portal/tests/test_access_matrix.py checks that every page asks these functions."""

import dataclasses

import pytest

from samhandling import access

SKIEN, HOSPITAL, PORSGRUNN = 1, 2, 3


@dataclasses.dataclass
class User:
    role_names: frozenset[str] = frozenset()
    organisation_id: int | None = None
    is_superuser: bool = False
    is_staff: bool = False
    is_active: bool = True
    is_authenticated: bool = True


@dataclasses.dataclass
class Deviation:
    reporter_organisation_id: int = SKIEN
    concerned_organisation_id: int = HOSPITAL


def user(*roles: str, organisation: int | None = None, **flags: bool) -> User:
    return User(role_names=frozenset(roles), organisation_id=organisation, **flags)


ANONYMOUS = User(is_authenticated=False)
RECEIVER = user(access.HANDLER, organisation=HOSPITAL)
REPORTING = user(access.HANDLER, organisation=SKIEN)
OUTSIDER = user(access.HANDLER, organisation=PORSGRUNN)
HOMELESS = user(access.HANDLER)
QUALITY = user(access.QUALITY_COMMITTEE, organisation=HOSPITAL)
COORDINATOR = user(access.COORDINATOR, organisation=SKIEN)
EDITOR = user(access.EDITOR, organisation=HOSPITAL)
SUPERUSER = user(is_superuser=True, is_staff=True)


@pytest.mark.parametrize(
    "who, sees, handles",
    [
        (ANONYMOUS, False, False),
        (user(organisation=HOSPITAL), False, False),
        (RECEIVER, True, True),
        (REPORTING, True, False),
        (OUTSIDER, False, False),
        (HOMELESS, False, False),
        (QUALITY, True, False),
        (COORDINATOR, False, False),
        (EDITOR, False, False),
        (SUPERUSER, True, True),
    ],
)
def test_who_sees_and_who_handles_a_deviation(who, sees, handles):
    assert access.may_see(who, Deviation()) is sees
    assert access.may_handle(who, Deviation()) is handles


def test_a_handler_without_an_organisation_has_no_inbox_and_no_statistics():
    assert not access.may_open_inbox(HOMELESS)
    assert access.statistics_scope(HOMELESS) is None
    assert access.deviation_scope(HOMELESS).scope is access.Scope.NONE


@pytest.mark.parametrize(
    "who, expected",
    [
        (ANONYMOUS, None),
        (EDITOR, None),
        (QUALITY, access.StatisticsScope(None, suppress_small_counts=False, may_export_rows=True)),
        (SUPERUSER, access.StatisticsScope(None, suppress_small_counts=False, may_export_rows=True)),
        (COORDINATOR, access.StatisticsScope(None, suppress_small_counts=True, may_export_rows=False)),
        (RECEIVER, access.StatisticsScope(HOSPITAL, suppress_small_counts=False, may_export_rows=False)),
    ],
)
def test_the_statistics_scope_of_each_role(who, expected):
    assert access.statistics_scope(who) == expected


def test_a_coordinator_maintains_agreements_by_role_not_by_being_staff():
    assert access.may_edit_agreements(COORDINATOR) and access.may_review_routines(COORDINATOR)
    assert not access.may_open_admin(COORDINATOR)
    assert not access.may_edit_agreements(user(organisation=SKIEN, is_staff=True))


def test_only_editors_and_administrators_edit_news():
    assert [access.may_edit_news(who) for who in (ANONYMOUS, EDITOR, COORDINATOR, SUPERUSER)] == [
        False,
        True,
        False,
        True,
    ]


def test_no_user_at_all_is_an_anonymous_visitor():
    assert access.deviation_scope(None).scope is access.Scope.NONE
    assert not access.may_handle(None, Deviation())
    assert access.statistics_scope(None) is None
    assert not access.may_edit_agreements(None) and not access.may_open_admin(None)


def test_an_anonymous_visitor_has_no_role_even_with_leftover_attributes():
    assert not access.has_role(User(role_names=frozenset({access.EDITOR}), is_authenticated=False), access.EDITOR)
