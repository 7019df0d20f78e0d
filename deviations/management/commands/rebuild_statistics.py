"""Builds the statistics' roll-up again from the deviations (after restoring a backup, or to check it)."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from deviations.models import StatisticsRollup


class Command(BaseCommand):
    help = "Bygger statistikkgrunnlaget på nytt fra avviksmeldingene."

    def handle(self, *args, **options):
        with transaction.atomic(), connection.cursor() as cursor:
            # The same SQL the migrations and the triggers use (0008_statistics_rollup, 0013_statistics_rollup_per_year).
            cursor.execute("SELECT deviations_rollup_rebuild()")
        self.stdout.write(f"Statistikkgrunnlaget har {StatisticsRollup.objects.count()} rader.")
