from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from contacts import roles


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Kontakter og organisering")
    # roles.grant_role_permissions gives these groups add/change/delete/view on the models.
    role_permissions = {
        roles.COORDINATOR: [
            "region",
            "organisation",
            "unit",
            "service",
            "body",
            "meeting",
            "person",
            "role",
            "membership",
        ]
    }

    def ready(self) -> None:
        # Model permissions exist only after every app has migrated, so the role groups
        # (created by a data migration) get theirs here: for each app, from the
        # role_permissions its AppConfig declares.
        post_migrate.connect(roles.grant_role_permissions, dispatch_uid="grant_role_permissions")
