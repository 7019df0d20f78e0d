"""The portal user behind a sign-in through an identity provider, made or brought up to date.

At the first sign-in the user is created; at every sign-in its name, e-mail, organisation,
directory person and (where the provider's groups decide them) roles follow the claims:

- the directory person: the one with the HPR number the claims carry, else the one with the
  work e-mail, if exactly one such person exists and no other login has it;
- the organisation: the one whose organisation number a claim names, else the provider's own
  (an Entra ID tenant belongs to one organisation), else the linked person's;
- the roles: where the provider has ROLE_GROUPS, exactly those its group claim gives
  (samhandling.access.roles_from_groups), so a role whose group is gone is lost at this
  sign-in; elsewhere the roles a coordinator or administrator granted, and none until then.
"""

import dataclasses
import hashlib
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from contacts.models import Organisation, Person, User
from portal.models import SignInIdentity
from samhandling import access


class AccountDisabled(Exception):
    """The provider knows the person, but an administrator has deactivated their portal account."""


@dataclasses.dataclass(frozen=True)
class Result:
    user: User
    created: bool
    roles: frozenset[str]


def _text(claims: Mapping[str, Any], name: str) -> str:
    value = claims.get(name) if name else None
    return value.strip() if isinstance(value, str) else ""


def _groups(claims: Mapping[str, Any], name: str) -> list[str]:
    value = claims.get(name)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(item) for item in value]
    return []


def username_for(provider_name: str, subject: str) -> str:
    """Stable and within Django's username rules, whatever characters the provider's `sub` has."""
    return f"{provider_name}.{hashlib.sha256(subject.encode()).hexdigest()[:20]}"


def _person(user: User, email: str, hpr_number: str) -> Person | None:
    """The directory person of this user: already linked, or found by HPR number, then e-mail."""
    linked = Person.objects.filter(user=user).first()
    if linked is not None:
        return linked
    unlinked = Person.objects.filter(user__isnull=True)
    for lookup in ({"hpr_number": hpr_number}, {"email__iexact": email}):
        if not next(iter(lookup.values())):
            continue
        found = list(unlinked.filter(**lookup)[:2])
        if len(found) == 1:
            # update(): linking a login changes nothing the directory's search reads.
            Person.objects.filter(pk=found[0].pk).update(user=user)
            return found[0]
    return None


def _organisation(provider: Mapping[str, Any], claims: Mapping[str, Any], person: Person | None) -> Organisation | None:
    for number in (_text(claims, provider["organisation_claim"]), provider["organisation_number"]):
        if number:
            organisation = Organisation.objects.current().filter(organisation_number=number).first()
            if organisation is not None:
                return organisation
    if person is not None and person.organisation_id:
        return person.organisation
    return None


def _set_roles(user: User, wanted: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Makes the user's role groups exactly `wanted`; other groups are not the provider's business."""
    current = frozenset(user.groups.filter(name__in=access.ROLES).values_list("name", flat=True))
    added, removed = wanted - current, current - wanted
    if removed:
        user.groups.remove(*Group.objects.filter(name__in=removed))
    if added:
        user.groups.add(*Group.objects.filter(name__in=added))
    return added, removed


@transaction.atomic
def provision(provider: Mapping[str, Any], claims: Mapping[str, Any]) -> Result:
    """The user for these verified ID-token claims, created at the first sign-in."""
    subject = _text(claims, "sub")
    if not subject:
        raise ValueError("The ID token has no subject")
    identity = (
        SignInIdentity.objects.select_for_update()
        .select_related("user")
        .filter(provider=provider["name"], subject=subject)
        .first()
    )
    created = identity is None
    if identity is None:
        user = User(username=username_for(provider["name"], subject))
        # Never a local password: this person signs in through the provider only.
        user.set_unusable_password()
        user.save()
        identity = SignInIdentity.objects.create(user=user, provider=provider["name"], subject=subject)
    user = identity.user
    if not user.is_active:
        raise AccountDisabled

    email = _text(claims, provider["email_claim"]).lower()
    given, family = _text(claims, "given_name"), _text(claims, "family_name")
    if not (given or family):
        given, _space, family = _text(claims, "name").rpartition(" ")
    user.first_name, user.last_name = given[:150], family[:150]
    if email:
        user.email = email
    person = _person(user, email, _text(claims, provider["hpr_claim"]))
    organisation = _organisation(provider, claims, person)
    if organisation is not None:
        user.organisation = organisation
    user.last_login = timezone.now()
    user.save(update_fields=["first_name", "last_name", "email", "organisation", "last_login"])

    if provider["role_groups"]:
        wanted = access.roles_from_groups(provider["role_groups"], _groups(claims, provider["groups_claim"]))
        added, removed = _set_roles(user, wanted)
        if added or removed:
            identity.log_action("roles_changed", data={"added": sorted(added), "removed": sorted(removed)})
    if created:
        identity.log_action(
            "first_sign_in",
            user=user,
            data={"organisation": str(organisation or ""), "person": person.pk if person else None},
        )
    identity.last_sign_in_at = timezone.now()
    identity.save(update_fields=["last_sign_in_at"])
    roles = frozenset(user.groups.filter(name__in=access.ROLES).values_list("name", flat=True))
    # The role_names cached on this instance (samhandling.access reads it) would be stale.
    user.__dict__.pop("role_names", None)
    return Result(user=user, created=created, roles=roles)


def waiting_for_a_role(providers: Mapping[str, Mapping[str, Any]]) -> QuerySet[User]:
    """Active users who signed in through a provider that leaves roles to people, and have none yet.

    Users of a provider with ROLE_GROUPS are not here: their groups at the provider decide.
    """
    by_hand = [name for name, provider in providers.items() if not provider["role_groups"]]
    return (
        User.objects.filter(is_active=True, is_superuser=False, is_staff=False)
        .filter(sign_in_identities__provider__in=by_hand)
        .exclude(groups__name__in=access.ROLES)
        .select_related("organisation")
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


@transaction.atomic
def grant_role(user: User, role: str, granted_by: User) -> None:
    """A coordinator or administrator gives a waiting user a role (decided by access.grantable_roles)."""
    user.groups.add(Group.objects.get(name=role))
    identity = SignInIdentity.objects.filter(user=user).order_by("pk").first()
    if identity is not None:
        identity.log_action("role_granted", user=granted_by, data={"role": role})
