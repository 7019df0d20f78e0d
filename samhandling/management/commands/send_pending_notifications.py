from typing import Any

from django.core.management.base import BaseCommand

from samhandling import outbox


class Command(BaseCommand):
    help = (
        "Sends the e-mails still in the outbox (a failing mail server left them there), "
        "respecting each one's back-off. Run it from cron every few minutes; safe to run twice or alongside db_worker."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent, failed = outbox.deliver_due()
        self.stdout.write(f"Sent {sent} e-mail(s); {failed} still failing.")
