"""Demo data for portal (idempotent): news, events with presentations, useful links.

Everything is invented for the demo, except the public addresses of Norwegian
authorities in the links. Dates are relative to today, so upcoming stays upcoming.
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from agreements.models import Project
from contacts.models import Organisation, User
from portal.models import Event, EventAttachment, Link, NewsItem, Page

HOSPITAL = "Sykehuset Telemark HF"

# (title, days ago (negative: scheduled ahead), state, source, lead, body)
NEWS = [
    (
        "Ny rutine for utskrivningsklare pasienter",
        3,
        "published",
        HOSPITAL,
        "Fra neste måned varsler sykehuset kommunen om utskrivningsklare pasienter senest kl. 12.",
        "## Hva endres\n\nMeldingen om at en pasient er **utskrivningsklar** sendes som PLO-melding før kl. 12, "
        "slik at kommunen rekker å planlegge mottaket samme dag.\n\n## Hvem gjelder det\n\n- sengeposter ved sykehuset\n"
        "- tildelingskontorene i kommunene\n\nLes tjenesteavtale 5 under [Avtaler og rutiner](/avtaler/).",
    ),
    (
        "Fagdag om barn som pårørende samlet 300 deltakere",
        10,
        "published",
        "Skien kommune",
        "Helsepersonell fra kommunene og sykehuset møttes for å dele erfaringer om tidlig innsats.",
        "Fagdagen tok for seg **barneansvarlig helsepersonell**, samtaler med barn og samarbeid på tvers av nivåene.\n\n"
        "Presentasjonene ligger under [Arrangementer](/arrangementer/).",
    ),
    (
        "Nye tall: færre reinnleggelser i Grenland",
        18,
        "published",
        HOSPITAL,
        "Andelen pasienter som legges inn igjen innen 30 dager har gått ned for tredje år på rad.",
        "Tallene kommer fra samhandlingsstatistikken. Fagrådet for kvalitet og pasientsikkerhet følger utviklingen.",
    ),
    (
        "Meld samhandlingsavvik digitalt",
        25,
        "published",
        None,
        "Papirskjemaet er erstattet av et skjema i portalen som tar to minutter å fylle ut.",
        "Du får en kvittering med en lenke der du kan følge saken og se svaret.\n\n"
        "1. Velg **Meld avvik** på forsiden\n2. Beskriv hva som skjedde, uten personopplysninger\n3. Send",
    ),
    (
        "Øvelse i beredskap for den akuttmedisinske kjeden",
        33,
        "published",
        "Porsgrunn kommune",
        "Kommunene og sykehuset øvde sammen på et stort trafikkuhell med mange skadde.",
        "Øvelsen fulgte tjenesteavtale 11 om beredskapsplaner.",
    ),
    (
        "Praksiskonsulentene heter nå samhandlingsleger",
        47,
        "published",
        HOSPITAL,
        "Ordningen med allmennleger i deltidsstilling ved sykehuset har fått nytt navn.",
        "Oppgavene er de samme: bedre samarbeid mellom fastleger og sykehus.",
    ),
    (
        "Oppdatert telefonliste ved brudd i PLO-meldinger",
        60,
        "published",
        None,
        "Listen over telefonnumre for manuelle rutiner når meldingsutvekslingen er nede er oppdatert.",
        "Listen finner du under kontaktsidene.",
    ),
    (
        "Revisjon av tjenesteavtale 2 om koordinerte tjenester",
        75,
        "published",
        None,
        "Arbeidsgruppen ønsker innspill fra koordinerende enheter i kommunene.",
        "Send innspill gjennom din kommunes samhandlingskoordinator.",
    ),
    (
        "Nettverk for kreftkoordinatorer starter opp",
        90,
        "published",
        "Bamble kommune",
        "Kreftkoordinatorene i regionen får et eget fagnettverk med fire samlinger i året.",
        "Første samling handler om overgangen fra sykehus til hjemmetjeneste.",
    ),
    (
        "Velkommen til ny samhandlingsportal",
        -3,
        "scheduled",
        None,
        "Portalen samler kontakter, avtaler, rutiner, avvik og nyheter for hele helsefellesskapet.",
        "Fortell oss hva du savner med «Fant du det du lette etter?» nederst på hver side.",
    ),
    (
        "Utkast: referat fra partnerskapsmøtet",
        0,
        "draft",
        None,
        "Kort referat fra vårens partnerskapsmøte.",
        "Referatet kommer når det er godkjent.",
    ),
    (
        "Utkast: jordmortjenester i Vest-Telemark",
        0,
        "draft",
        None,
        "Hvordan følgetjenesten for gravide organiseres i regionen.",
        "Under arbeid.",
    ),
]

# (title, days from today (negative: past), start hour, hours long, location, audience, course hours, presentations)
EVENTS = [
    (
        "Fagdag: Prevensjon",
        21,
        9,
        6,
        "Sykehuset Telemark, Skien, auditoriet",
        "Fastleger, helsesykepleiere og jordmødre",
        "Fagdagen er søkt godkjent som 6 tellende kurstimer i allmennmedisin (valgfritt kurs).",
        [],
    ),
    (
        "Dialogmøte om utskrivningsklare pasienter",
        35,
        12,
        3,
        "Digitalt (Teams)",
        "Tildelingskontor og sengeposter",
        "",
        [],
    ),
    (
        "Samhandlingskonferansen for Telemark",
        70,
        9,
        30,
        "Bø hotell, Midt-Telemark",
        "Ledere og fagfolk i kommunene og sykehuset",
        "",
        [],
    ),
    (
        "Fagdag: Barn som pårørende",
        -10,
        9,
        6,
        "Ibsenhuset, Skien",
        "Barneansvarlig helsepersonell",
        "Godkjent som 6 tellende kurstimer.",
        ["Samtaler med barn som pårørende", "Tidlig innsats i kommunen"],
    ),
    (
        "Kurs i PLO-meldinger for nyansatte",
        -40,
        13,
        3,
        "Notodden helsehus",
        "Sykepleiere i hjemmetjenesten",
        "",
        ["Meldingsflyt ved innleggelse og utskrivning"],
    ),
    (
        "Nettverkssamling for koordinerende enheter",
        -80,
        10,
        5,
        "Porsgrunn rådhus",
        "Koordinerende enheter",
        "",
        ["Individuell plan i praksis"],
    ),
]

LINKS = [
    (
        "national_guidance",
        "Helsedirektoratet: veiledere og retningslinjer",
        "https://www.helsedirektoratet.no/veiledere",
        "Nasjonale faglige råd og veiledere for helse- og omsorgstjenestene.",
    ),
    (
        "national_guidance",
        "Helse- og omsorgsdepartementet",
        "https://www.regjeringen.no/no/dep/hod/",
        "Departementets sider om samhandling og helsefellesskap.",
    ),
    ("national_guidance", "Helsenorge.no", "https://www.helsenorge.no/", "Innbyggernes inngang til helsetjenestene."),
    ("national_guidance", "Helsebiblioteket.no", "https://www.helsebiblioteket.no/", "Fagstoff for helsepersonell."),
    (
        "evaluations",
        "Forskningsrådets evaluering av samhandlingsreformen",
        "https://www.forskningsradet.no/",
        "Evalueringsprogrammet for samhandlingsreformen.",
    ),
    (
        "evaluations",
        "Riksrevisjonen: undersøkelser av helsetjenestene",
        "https://www.riksrevisjonen.no/",
        "Riksrevisjonens rapporter om ressursbruk og kvalitet.",
    ),
    (
        "laws",
        "Helse- og omsorgstjenesteloven",
        "https://lovdata.no/lov/2011-06-24-30",
        "Kapittel 6 om samarbeid mellom kommuner og helseforetak.",
    ),
    ("laws", "Spesialisthelsetjenesteloven", "https://lovdata.no/lov/1999-07-02-61", ""),
    ("laws", "Helsepersonelloven", "https://lovdata.no/lov/1999-07-02-64", "§ 23 om taushetsplikt og opplysninger."),
    ("laws", "Pasient- og brukerrettighetsloven", "https://lovdata.no/lov/1999-07-02-63", ""),
    (
        "statistics",
        "Samhandlingsstatistikk (Helsedirektoratet)",
        "https://www.helsedirektoratet.no/statistikk",
        "Utskrivningsklare pasienter, reinnleggelser og mer, per kommune.",
    ),
    ("statistics", "Folkehelseinstituttet: statistikkbanker", "https://www.fhi.no/", ""),
    (
        "relatives",
        "Pårørendeveilederen (Helsedirektoratet)",
        "https://www.helsedirektoratet.no/veiledere/parorendeveileder",
        "Rettigheter og plikter når pårørende involveres.",
    ),
]


def demo_presentation(title: str) -> bytes:
    """A one-page PDF made with Pillow, standing in for slides from the day."""
    image = Image.new("RGB", (842, 595), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 842, 90), fill=(10, 61, 98))
    draw.text((40, 30), title, fill="white", font_size=28)
    draw.text((40, 140), "Demopresentasjon fra Samhandlingsportalen", fill="black", font_size=22)
    output = io.BytesIO()
    image.save(output, "PDF")
    return output.getvalue()


def _organisation(name):
    return Organisation.objects.filter(name=name).first() if name else None


def _save(model, title, editor, fields, state, publish_at):
    item = model.objects.filter(title=title).first() or model(title=title, created_by=editor)
    for name, value in fields.items():
        setattr(item, name, value)
    item.updated_by = editor
    if state == "draft":
        item.status, item.publish_at = model.Status.DRAFT, None
    else:
        item.publish(publish_at)
    item.save()
    return item


def load(stdout=None):
    now = timezone.now()
    editor = User.objects.filter(username="redaktor").first()
    for title, days_ago, state, source, lead, body in NEWS:
        fields = {"lead": lead, "body": body, "source_organisation": _organisation(source)}
        _save(NewsItem, title, editor, fields, state, now - datetime.timedelta(days=days_ago, hours=2))

    today = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
    for title, days, hour, hours, location, audience, course_hours, presentations in EVENTS:
        starts_at = (today + datetime.timedelta(days=days)).replace(hour=hour)
        fields = {
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=hours),
            "location": location,
            "organiser": HOSPITAL if "Fagdag" in title else "Helsefellesskapet i Telemark",
            "audience": audience,
            "course_hours": course_hours,
            "description": f"**{title}** for {audience.lower()}.\n\nProgram og påmelding kommer her.",
            "registration_url": "https://www.example.org/pamelding" if days > 0 else "",
        }
        event = _save(Event, title, editor, fields, "published", now - datetime.timedelta(days=120))
        if presentations and not event.attachments.exists():
            for presentation in presentations:
                content = demo_presentation(presentation)
                EventAttachment.objects.create(
                    event=event,
                    title=presentation,
                    file=ContentFile(content, name=EventAttachment.storage_name("pdf")),
                    original_name=f"{presentation}.pdf",
                    kind=EventAttachment.Kind.PDF,
                    size=len(content),
                    uploaded_by=editor,
                )

    for group, title, url, description in LINKS:
        Link.objects.update_or_create(title=title, defaults={"group": group, "url": url, "description": description})
    if stdout:
        stdout.write(
            f"  portal: {NewsItem.objects.count()} news items, {Event.objects.count()} events, {Link.objects.count()} links"
        )


# --- The editors' pages, and news about a project ------------------------------------------------

# (title, parent title or None, position, on the front page, lead, body). Invented for the demo.
PAGES = [
    (
        "Om helsefellesskapet",
        None,
        1,
        True,
        "Kommunene i Telemark og Sykehuset Telemark HF planlegger og utvikler tjenestene sammen.",
        "## Hvem vi er\n"
        "\n"
        "Helsefellesskapet består av de 17 kommunene i Telemark og Sykehuset Telemark HF. Fastlegene og "
        "brukerne er representert i alle utvalg.\n"
        "\n"
        "## Hvordan vi arbeider\n"
        "\n"
        "- **Partnerskapsmøtet** staker ut retningen én gang i året.\n"
        "- **Strategisk samarbeidsutvalg** vedtar [handlingsplanen](/handlingsplan/) og følger opp avtalene.\n"
        "- **Faglige samarbeidsutvalg** har ansvar for hver sin prioriterte pasientgruppe.\n"
        "\n"
        "Se alle [utvalgene](/utvalg/) og [samarbeidsavtalene](/avtaler/).",
    ),
    (
        "Brukermedvirkning",
        "Om helsefellesskapet",
        1,
        False,
        "Brukerrepresentanter sitter i alle utvalg og er med fra start i prosjekter og forløp.",
        "## Slik deltar brukerne\n"
        "\n"
        "Brukerrepresentantene oppnevnes av brukerorganisasjonene og får opplæring og godtgjøring.\n"
        "\n"
        "1. Alle utvalg har minst én brukerrepresentant.\n"
        "2. Nye prosjekter beskriver hvordan brukerne er med.\n"
        "3. Brukerrepresentantene møtes to ganger i året for å dele erfaringer.",
    ),
    (
        "Slik er vi organisert",
        "Om helsefellesskapet",
        2,
        False,
        "Utvalgene i helsefellesskapet, og hvem som har ansvar for hva.",
        "Helsefellesskapet har et sekretariat som forbereder sakene til utvalgene. Oversikten over utvalg, "
        "mandater og medlemmer finner du under [Utvalg](/utvalg/).",
    ),
    (
        "For fastleger",
        None,
        2,
        True,
        "Det fastlegen trenger i samarbeidet med sykehuset og kommunen: kontakter, rutiner og avvik.",
        "## Samhandlingslegene\n"
        "\n"
        "Samhandlingslegene er fastleger som arbeider noen timer i uka for sykehuset. De tar imot innspill om "
        "henvisninger, epikriser og samarbeid. Finn dem i [kontaktoversikten](/kontakter/?q=samhandlingslege).\n"
        "\n"
        "## Nyttig for fastlegen\n"
        "\n"
        "- [Rutiner for innleggelse og utskrivning](/rutiner/?q=innleggelse)\n"
        "- [Samhandlingsforløpet](/forlop/samhandlingsforlopet/)\n"
        "- [Meld et samhandlingsavvik](/avvik/meld/)",
    ),
]

PROJECT_NEWS = (
    "Seks kommuner i gang med digital hjemmeoppfølging",
    "Digital hjemmeoppfølging i Telemark",
    "Pasienter med kols og hjertesvikt i seks kommuner måler nå selv og følges opp hjemmefra.",
    "Prosjektet har fått med seks kommuner i første fase. Erfaringene legges fram for helsefellesskapet våren 2027.",
)


def load_pages(stdout=None):
    """The editors' pages of the partnership, and a news item about a project. Idempotent."""
    now = timezone.now()
    editor = User.objects.filter(username="redaktor").first()
    by_title: dict[str, Page] = {}
    for title, parent, position, on_front_page, lead, body in PAGES:
        fields = {
            "parent": by_title.get(parent) if parent else None,
            "position": position,
            "on_front_page": on_front_page,
            "lead": lead,
            "body": body,
        }
        by_title[title] = _save(Page, title, editor, fields, "published", now - datetime.timedelta(days=60))
    title, project_title, lead, body = PROJECT_NEWS
    fields = {"lead": lead, "body": body, "project": Project.objects.filter(title=project_title).first()}
    _save(NewsItem, title, editor, fields, "published", now - datetime.timedelta(days=9))
    if stdout:
        stdout.write(f"  pages: {Page.objects.count()} editor pages")
