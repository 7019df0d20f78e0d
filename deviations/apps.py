from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeviationsConfig(AppConfig):
    name = "deviations"
    verbose_name = _("Avvik")

    def ready(self) -> None:
        # Registers the builders of the deviations' e-mails with the outbox, in the web
        # process and in the task worker alike.
        # Imported here, not at the top: the receivers use the models, which exist only once
        # the app registry is ready. The arrows go down (deviations -> agreements, contacts),
        # so this hides no cycle.
        from agreements.panels import agreement_sections
        from contacts.panels import organisation_details
        from deviations import notifications  # noqa: F401
        from deviations.panels import agreement_deviations, organisation_overdue

        organisation_details.connect(organisation_overdue, dispatch_uid="deviations.organisation_overdue")
        agreement_sections.connect(agreement_deviations, dispatch_uid="deviations.agreement_deviations")
