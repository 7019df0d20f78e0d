from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeviationsConfig(AppConfig):
    name = "deviations"
    verbose_name = _("Avvik")

    def ready(self) -> None:
        # Registers the builders of the deviations' e-mails with the outbox, in the web
        # process and in the task worker alike.
        from deviations import notifications  # noqa: F401
