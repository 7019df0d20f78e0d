from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Kontakter og organisering")

    def ready(self):
        from django.db.models.signals import post_migrate

        from contacts.roles import grant_role_permissions

        # Model permissions exist only after every app has migrated, so the role groups
        # (created by a data migration) get theirs here.
        post_migrate.connect(grant_role_permissions, dispatch_uid="grant_role_permissions")
