from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from agreements import demo as agreements_demo
from contacts import demo as contacts_demo
from deviations import demo as deviations_demo
from portal import demo as portal_demo

# Each app owns its demo data; they load bottom up (README, Architecture), so each part finds
# the parts it builds on: agreements links the contacts demo's bodies, deviations the agreements.
DEMOS = (contacts_demo, agreements_demo, deviations_demo, portal_demo)


class Command(BaseCommand):
    help = "Loads the demo partnership (Telemark) and the demo accounts. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            for demo in DEMOS:
                demo.load(stdout=self.stdout)
            # The partnership's own work and pages: the plan, pathways and projects, then the
            # editors' pages and the news about a project (issue 16).
            agreements_demo.load_work(stdout=self.stdout)
            portal_demo.load_pages(stdout=self.stdout)
        names = ", ".join(username for username, _, _ in contacts_demo.ACCOUNTS)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Demo accounts: {names}"))
