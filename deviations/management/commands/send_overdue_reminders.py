from django.core.management.base import BaseCommand

from deviations.reminders import send_overdue_reminders


class Command(BaseCommand):
    help = (
        "E-mails each organisation's deviation inbox one digest of its overdue deviations. "
        "At most one a day per inbox, so it is safe to run twice a day (e.g. 07:00 and 13:00 from cron)."
    )

    def handle(self, *args, **options):
        result = send_overdue_reminders()
        self.stdout.write(
            f"Sent {result.sent} reminder(s); {result.already_sent} already sent today; "
            f"{result.failed} failed (tried again on the next run); "
            f"{result.without_address} organisation(s) without a deviation inbox."
        )
