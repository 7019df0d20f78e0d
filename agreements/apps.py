from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from contacts import roles


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Avtaler og rutiner")
    # contacts.roles.grant_role_permissions gives these groups add/change/delete/view on the models.
    role_permissions = {
        roles.COORDINATOR: [
            "agreement",
            "agreementversion",
            "routine",
            "plan",
            "theme",
            "measure",
            "progressnote",
            "pathway",
            "pathwaystep",
            "project",
            "projectdocument",
        ]
    }

    def ready(self) -> None:
        # Imported here, not at the top: the receivers use the models, which exist only once
        # the app registry is ready. The arrow goes down (agreements -> contacts), so this
        # hides no cycle.
        from agreements.panels import body_agreements, body_measures
        from contacts.panels import body_sections

        body_sections.connect(body_agreements, dispatch_uid="agreements.body_agreements")
        body_sections.connect(body_measures, dispatch_uid="agreements.body_measures")
