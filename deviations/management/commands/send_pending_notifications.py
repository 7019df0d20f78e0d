from django.core.management.base import BaseCommand

from deviations import notifications


class Command(BaseCommand):
    help = (
        "Sends the deviation e-mails still in the outbox (a failing mail server left them there). "
        "Run it from cron every few minutes; safe to run twice or alongside db_worker."
    )

    def handle(self, *args, **options):
        sent, failed = notifications.deliver_due()
        self.stdout.write(f"Sent {sent} notification(s); {failed} still failing.")
