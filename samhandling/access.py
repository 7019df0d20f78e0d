"""Who may see and do what in the portal: every capability is decided here, and only here.

QuerySets (`visible_to`, `inbox_for`), views, statistics, exports, the admin links and the
menu (through portal.context_processors) ask these functions; none of them looks at a
user's groups on its own. The roles are the Django groups of docs/domain.md (Roles), created by
a data migration (contacts/roles.py grants their model permissions).

The module sits in `samhandling`, below every app, so it decides from plain attributes
only: the user's groups (`role_names`), `is_superuser`, `is_staff` and `organisation_id`,
and a deviation's `concerned_organisation_id` and `reporter_organisation_id`. The apps
turn its answers into querysets.

Outsiders get 404, never 403, so nothing leaks: a view that asks `may_see()` and hears
no answers 404. Reading and acting differ: Kvalitetsutvalget and the reporting
organisation's handlers read a deviation they may not act on (403 on an action).
"""

import dataclasses
import enum
from collections.abc import Collection, Mapping
from typing import Protocol

# The role groups (docs/domain.md, Roles). Their names are data: the data migration and the
# demo accounts create groups with exactly these names.
EDITOR = "Webredaktør"
COORDINATOR = "Koordinator"
HANDLER = "Avviksbehandler"
QUALITY_COMMITTEE = "Kvalitetsutvalg"
ROLES = frozenset({EDITOR, COORDINATOR, HANDLER, QUALITY_COMMITTEE})


class User(Protocol):
    """What the policy reads of a user: contacts.models.User, or Django's AnonymousUser.

    Every function also takes None, for an anonymous visitor where no request user exists.
    """

    @property
    def is_authenticated(self) -> bool: ...

    is_superuser: bool
    is_staff: bool


class Deviation(Protocol):
    """What the policy reads of a deviation: the organisations it comes from and goes to."""

    concerned_organisation_id: int
    reporter_organisation_id: int


def _authenticated(user: User | None) -> bool:
    """None (no user on the request, e.g. a page rendered outside one) is an anonymous visitor."""
    return user is not None and user.is_authenticated


def _roles(user: User | None) -> frozenset[str]:
    """The user's role groups: one query, cached on the user for the request."""
    if not _authenticated(user):
        return frozenset()
    names: frozenset[str] = getattr(user, "role_names", frozenset())
    return names


def _organisation_id(user: User | None) -> int | None:
    organisation_id: int | None = getattr(user, "organisation_id", None)
    return organisation_id


def has_role(user: User | None, role: str) -> bool:
    """Administrators have every role; anonymous visitors none."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or role in _roles(user)


# --- Deviations ---------------------------------------------------------------------------


def reads_all_deviations(user: User | None) -> bool:
    """Kvalitetsutvalget and administrators read every deviation (and act on none as readers)."""
    return has_role(user, QUALITY_COMMITTEE)


def handles_for(user: User | None) -> int | None:
    """The organisation whose deviations the user handles: a handler's own; None without one.

    A handler without an organisation handles nothing: no inbox, no statistics.
    """
    if has_role(user, HANDLER):
        return _organisation_id(user)
    return None


class Scope(enum.Enum):
    """Which deviations a user reads: all, those of one organisation, or none."""

    ALL = "all"
    ORGANISATION = "organisation"
    NONE = "none"


@dataclasses.dataclass(frozen=True)
class DeviationScope:
    scope: Scope
    # For Scope.ORGANISATION: what this organisation reported or received.
    organisation_id: int | None = None


def deviation_scope(user: User | None) -> DeviationScope:
    """The deviations a user may open as a handler or reader (docs/domain.md, Roles).

    Reporters reach their own reports through "Mine meldinger" or their secret link,
    not through this scope.
    """
    if reads_all_deviations(user):
        return DeviationScope(Scope.ALL)
    organisation_id = handles_for(user)
    if organisation_id is not None:
        return DeviationScope(Scope.ORGANISATION, organisation_id)
    return DeviationScope(Scope.NONE)


def may_open_inbox(user: User | None) -> bool:
    return deviation_scope(user).scope is not Scope.NONE


def may_see(user: User | None, deviation: Deviation) -> bool:
    """May open the deviation as a handler or reader: the same rule as DeviationQuerySet.visible_to."""
    scope = deviation_scope(user)
    if scope.scope is Scope.ALL:
        return True
    if scope.scope is Scope.ORGANISATION:
        return scope.organisation_id in (deviation.concerned_organisation_id, deviation.reporter_organisation_id)
    return False


def may_handle(user: User | None, deviation: Deviation) -> bool:
    """Acts on it (take, comment, answer, forward, close, reopen): the receiver's handlers, administrators."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return True
    organisation_id = handles_for(user)
    return organisation_id is not None and organisation_id == deviation.concerned_organisation_id


def may_publish_learning(user: User | None) -> bool:
    """Kvalitetsutvalget publishes anonymised learning summaries from closed cases."""
    return reads_all_deviations(user)


def may_see_reporter_details(user: User | None) -> bool:
    """Reporters' names, titles, e-mail addresses and phones in row-level exports."""
    return reads_all_deviations(user)


# --- Statistics -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class StatisticsScope:
    """What a user's statistics cover, and how they may see and export them."""

    # All deviations, or what one organisation reported or received.
    organisation_id: int | None
    # Counts 1-4 become "<5" for those who may not open the deviations behind them.
    suppress_small_counts: bool
    # One row per deviation (CSV/XLSX): Kvalitetsutvalget and administrators only.
    may_export_rows: bool


def statistics_scope(user: User | None) -> StatisticsScope | None:
    """None for those who may not see statistics (the views answer 404).

    Kvalitetsutvalget and administrators see every figure exactly and may export rows.
    Coordinators see every organisation's figures but open no deviation, so small counts
    are hidden from them. A handler sees what their organisation reported or received,
    every one of which they may open: exact.
    """
    if reads_all_deviations(user):
        return StatisticsScope(None, suppress_small_counts=False, may_export_rows=True)
    if has_role(user, COORDINATOR):
        return StatisticsScope(None, suppress_small_counts=True, may_export_rows=False)
    organisation_id = handles_for(user)
    if organisation_id is not None:
        return StatisticsScope(organisation_id, suppress_small_counts=False, may_export_rows=False)
    return None


def may_see_statistics(user: User | None) -> bool:
    return statistics_scope(user) is not None


def sees_exact_public_counts(user: User | None) -> bool:
    """The deviation count on an agreement page is public; exact 1-4 only for readers of all."""
    return reads_all_deviations(user)


# --- Content ------------------------------------------------------------------------------


def may_edit_news(user: User | None) -> bool:
    """Webredaktører publish news and events, keep the links and read the page feedback."""
    return has_role(user, EDITOR)


def may_edit_agreements(user: User | None) -> bool:
    """Coordinators maintain agreements and routines, and see drafts and the review list."""
    return has_role(user, COORDINATOR)


def may_review_routines(user: User | None) -> bool:
    """The list of agreements and routines due for review is the maintainers' work list."""
    return may_edit_agreements(user)


def may_edit_agreements_in_admin(user: User | None) -> bool:
    """The "edit in the admin" links: a coordinator without an admin account edits on the site only."""
    return may_edit_agreements(user) and may_open_admin(user)


def may_open_admin(user: User | None) -> bool:
    """Django's admin lets in active staff; its model permissions come from the role groups."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_staff and bool(getattr(user, "is_active", False))


# --- Sign-in through an identity provider ----------------------------------------------------


def roles_from_groups(role_groups: Mapping[str, Collection[str]], groups: Collection[str]) -> frozenset[str]:
    """The roles a provider's group claim gives, by the mapping configured for that provider.

    Only the four role groups: no claim ever makes anyone staff or an administrator.
    """
    held = set(groups)
    return frozenset(role for role, wanted in role_groups.items() if role in ROLES and held.intersection(wanted))


def is_pending(user: User | None) -> bool:
    """Signed in but waiting for a role: a coordinator or administrator grants it, or the provider's groups."""
    if not _authenticated(user) or user is None:
        return False
    return not user.is_superuser and not user.is_staff and not _roles(user) & ROLES


def grantable_roles(user: User | None) -> frozenset[str]:
    """The roles a user may grant to someone who signed in through a provider and waits for one.

    Administrators grant any role; coordinators, who know the partnership's people, make
    handlers (the receiving organisation's Avviksbehandler). Nobody else grants anything.
    """
    if not _authenticated(user) or user is None:
        return frozenset()
    if user.is_superuser:
        return ROLES
    if has_role(user, COORDINATOR):
        return frozenset({HANDLER})
    return frozenset()
