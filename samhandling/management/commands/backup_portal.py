from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samhandling.backup import BackupError, backup


class Command(BaseCommand):
    help = "Backs up the database (pg_dump) and every uploaded file (disk or S3) into a new folder, with a manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="A new or empty folder.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup(options["folder"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up the database ({result.tables}) and {result.files} file(s), {result.bytes} bytes.")
