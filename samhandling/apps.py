from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

from samhandling import readercache


class SamhandlingConfig(AppConfig):
    """The bottom layer: the audit trail and the e-mail outbox every other app writes to."""

    name = "samhandling"
    verbose_name = _("Samhandling")

    def ready(self) -> None:
        # Connects the failed-login counter (password spraying) to Django's signal.
        from samhandling import accounts  # noqa: F401

        # Any change readers may see makes the kept reader pages stale (samhandling.readercache).
        for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
            signal.connect(readercache.model_changed, dispatch_uid=f"readercache.{name}")
