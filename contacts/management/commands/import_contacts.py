from django.core.management.base import BaseCommand, CommandError

from contacts.importing import ImportFailed, import_csv


class Command(BaseCommand):
    help = (
        "Importerer personer, enheter eller organisasjoner fra en CSV-fil (UTF-8 eller Excel, semikolon). "
        "Alt eller ingenting: har en rad feil, lagres ingenting. Kolonnene står i README.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV-filen som skal importeres")

    def handle(self, *args, file, **options):
        try:
            with open(file, "rb") as handle:
                raw = handle.read()
        except OSError as error:
            raise CommandError(f"Fant ikke eller kunne ikke lese {file}: {error.strerror}") from None
        try:
            result = import_csv(raw)
        except ImportFailed as failure:
            raise CommandError(
                "Ingenting ble importert. Rett feilene og kjør kommandoen på nytt:\n" + "\n".join(failure.errors)
            ) from None
        what = {"people": "personer", "units": "enheter"}.get(result.kind, "organisasjoner")
        message = (
            f"Importerte {result.created + result.updated} {what}: {result.created} nye, {result.updated} oppdatert."
        )
        if result.kind == "people":
            message += f" {result.roles_added} nye roller."
        self.stdout.write(self.style.SUCCESS(message))
