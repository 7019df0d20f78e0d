"""The role groups of the portal and what each may change.

The groups are created by a data migration (contacts/migrations/0002_role_groups.py);
their model permissions are granted after every migrate (and flush), from ROLE_PERMISSIONS, because
permissions for models exist only once their app has migrated. Each app adds its models
to the lists here.
"""

from django.utils.translation import gettext_lazy as _

# The names live with the policy that decides from them (samhandling.access).
from samhandling.access import COORDINATOR, EDITOR, HANDLER, QUALITY_COMMITTEE

__all__ = ["COORDINATOR", "EDITOR", "HANDLER", "QUALITY_COMMITTEE", "ROLES", "ROLE_PERMISSIONS"]

ROLES = {
    EDITOR: _("Publiserer nyheter og arrangementer og leser tilbakemeldinger på sidene."),
    COORDINATOR: _("Vedlikeholder kontakter, utvalg, avtaler og rutiner; ser statistikk."),
    HANDLER: _("Behandler avvik til egen organisasjon."),
    QUALITY_COMMITTEE: _("Leser alle avvik og statistikken."),
}

_CHANGE = ("add", "change", "delete", "view")

# group -> {app_label: [model names]}: the group gets add/change/delete/view on each.
ROLE_PERMISSIONS = {
    EDITOR: {"portal": ["newsitem", "event", "eventattachment", "link"]},
    COORDINATOR: {
        "contacts": ["region", "organisation", "body", "person", "role", "membership"],
        "agreements": ["agreement", "agreementversion", "routine"],
    },
    HANDLER: {},
    QUALITY_COMMITTEE: {},
}


def grant_role_permissions(sender=None, **kwargs):
    from django.contrib.auth.models import Group, Permission

    for group_name, apps in ROLE_PERMISSIONS.items():
        # The data migration creates the groups; a flush (between transactional tests)
        # removes them and emits post_migrate, so they are made again here.
        group = Group.objects.get_or_create(name=group_name)[0]
        codenames = [f"{action}_{model}" for models in apps.values() for model in models for action in _CHANGE]
        permissions = Permission.objects.filter(content_type__app_label__in=list(apps), codename__in=codenames)
        group.permissions.add(*permissions)
