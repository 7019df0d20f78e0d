from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from deviations.retention import due, remove_reporter_contacts


class Command(BaseCommand):
    help = (
        "Removes reporters' names, titles, e-mail addresses and phone numbers from deviations closed more than "
        "REPORTER_CONTACT_RETENTION_YEARS years ago, and from the e-mails sent to them. Safe to run daily from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count the deviations it would change.")

    def handle(self, *args: Any, **options: Any) -> None:
        years = settings.REPORTER_CONTACT_RETENTION_YEARS
        if options["dry_run"]:
            self.stdout.write(f"{due().count()} closed deviation(s) hold contact details older than {years} year(s).")
            return
        removed = remove_reporter_contacts()
        self.stdout.write(
            f"Removed the reporter's contact details from {removed} deviation(s) closed over {years} year(s) ago."
        )
