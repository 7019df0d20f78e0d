from django.apps import AppConfig


class SamhandlingConfig(AppConfig):
    name = "samhandling"
    verbose_name = "Samhandlingsportalen"

    def ready(self) -> None:
        # Connects the failed-login counter (password spraying) to Django's signal.
        from samhandling import accounts  # noqa: F401
