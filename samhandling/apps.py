from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SamhandlingConfig(AppConfig):
    """The bottom layer: the audit trail and the e-mail outbox every other app writes to."""

    name = "samhandling"
    verbose_name = _("Samhandling")

    def ready(self) -> None:
        # Connects the failed-login counter (password spraying) to Django's signal.
        from samhandling import accounts  # noqa: F401
