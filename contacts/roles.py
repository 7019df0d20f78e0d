"""The role groups of the portal and what each may change.

The groups are created by a data migration (contacts/migrations/0002_role_groups.py);
their model permissions are granted after every migrate (and flush), because permissions for
models exist only once their app has migrated. Each app declares what the groups may change
in its own models, as `role_permissions` on its AppConfig ({group: [model names]}), so this
module names no app above contacts.
"""

from typing import Any

from django.apps import AppConfig
from django.apps import apps as django_apps
from django.utils.translation import gettext_lazy as _

# The names live with the policy that decides from them (samhandling.access).
from samhandling.access import COORDINATOR, EDITOR, HANDLER, QUALITY_COMMITTEE

__all__ = ["COORDINATOR", "EDITOR", "HANDLER", "QUALITY_COMMITTEE", "ROLES"]

ROLES = {
    EDITOR: _("Publiserer nyheter og arrangementer og leser tilbakemeldinger på sidene."),
    COORDINATOR: _("Vedlikeholder kontakter, utvalg, avtaler og rutiner; ser statistikk."),
    HANDLER: _("Behandler avvik til egen organisasjon."),
    QUALITY_COMMITTEE: _("Leser alle avvik og statistikken."),
}

_CHANGE = ("add", "change", "delete", "view")


def grant_role_permissions(sender: AppConfig | None = None, **kwargs: Any) -> None:
    """post_migrate: the groups get add/change/delete/view on the models each app declares.

    Sent once per app, in INSTALLED_APPS order, which puts the portal's apps before auth
    creates their permissions: so every call grants what exists so far, and the last one
    grants all. Also makes the groups again: a flush (between transactional tests) removes
    them and emits post_migrate.
    """
    from django.contrib.auth.models import Group, Permission  # needs the app registry

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    for app_config in django_apps.get_app_configs():
        declared: dict[str, list[str]] = getattr(app_config, "role_permissions", {})
        for group_name, models in declared.items():
            codenames = [f"{action}_{model}" for model in models for action in _CHANGE]
            permissions = Permission.objects.filter(content_type__app_label=app_config.label, codename__in=codenames)
            groups[group_name].permissions.add(*permissions)
