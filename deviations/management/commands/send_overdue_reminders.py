from typing import Any

from django.core.management.base import BaseCommand

from deviations.reminders import send_overdue_reminders


class Command(BaseCommand):
    help = (
        "Queues one digest of its overdue deviations for each organisation's deviation inbox; the task worker "
        "sends it. At most one a day per inbox, so it is safe to run twice a day (e.g. 07:00 and 13:00 from cron)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_overdue_reminders()
        self.stdout.write(
            f"Queued {result.queued} reminder(s); {result.already_queued} already queued today; "
            f"{result.without_address} organisation(s) without a deviation inbox."
        )
