from django.core.management.base import BaseCommand
from django.db import transaction

from contacts.demo import ACCOUNTS


class Command(BaseCommand):
    help = "Loads the demo partnership (Telemark) and the demo accounts. Safe to run again."

    def handle(self, *args, **options):
        # Each app loads its own part, in dependency order.
        from agreements import demo as agreements_demo
        from contacts import demo as contacts_demo
        from deviations import demo as deviations_demo
        from portal import demo as portal_demo

        with transaction.atomic():
            contacts_demo.load(stdout=self.stdout)
            agreements_demo.load(stdout=self.stdout)
            # Bodies are loaded before the agreements they answer for, so link them now.
            contacts_demo.link_body_agreements()
            for module in (deviations_demo, portal_demo):
                module.load(stdout=self.stdout)
        names = ", ".join(username for username, _, _ in ACCOUNTS)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Demo accounts: {names}"))
