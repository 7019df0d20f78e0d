import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samhandling.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restores a backup folder: the dump into an empty database (--database-url, default DATABASE_URL) "
        "and the files into the configured storage; checks every file and the row counts against the manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["database_url"]:
            raise CommandError("Give --database-url (an empty database) or set DATABASE_URL")
        try:
            result = restore(options["folder"], options["database_url"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored the database ({result.tables}) and {result.files} file(s), {result.bytes} bytes.")
