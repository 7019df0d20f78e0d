"""Names and words for the benchmark's people, news and routines: common Norwegian first and last
names, the titles of people who work with collaboration between municipalities and hospitals,
and a vocabulary varied enough that no word is in most texts (as in real news)."""

FIRST_NAMES = """
Anne Inger Kari Marit Ingrid Liv Eva Berit Astrid Bjørg Hilde Anna Solveig Marianne Randi Ida Nina
Maria Elisabeth Kristin Bente Heidi Silje Hanne Gerd Linda Tone Monica Ragnhild Camilla Wenche Ellen
Hege Turid Julie Mari Ann Karin Grete Siri Torill Tove Sissel Irene Marte Nora Emma Sofie Ingeborg
Sigrid Thea Emilie Sara Maja Ane Vilde Hanna Kristine Tonje Lene Guro Mona Åse Kjersti Ragnhild Oda
Jan Per Bjørn Ole Lars Kjell Knut Arne Svein Thomas Hans Geir Tor Morten Terje Odd Erik Martin Andreas
John Rune Trond Anders Harald Tore Jon Stian Øyvind Kristian Espen Ola Nils Magnus Gunnar Jørgen Leif
Henrik Eirik Fredrik Steinar Petter Jonas Sindre Even Håkon Sverre Audun Torbjørn Vegard Ståle Kåre
Øystein Jostein Halvor Asbjørn Sigurd Mathias Emil Sander Tobias Elias Aksel Kasper Filip Johannes
""".split()

LAST_NAMES = """
Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen Pettersen
Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Henriksen Lund Halvorsen
Sørensen Jakobsen Moen Gundersen Iversen Strand Solberg Svendsen Eide Knutsen Martinsen Paulsen Bakken
Kristoffersen Mathisen Lie Amundsen Nguyen Rasmussen Ali Lunde Solheim Berge Moe Nygård Bakke
Kristensen Fredriksen Holm Lien Hauge Christensen Andresen Nielsen Knudsen Evensen Sæther Aas Myhre
Hanssen Ahmed Haugland Thomassen Sivertsen Simonsen Danielsen Berntsen Sandvik Rønning Arnesen Antonsen
Næss Vik Haug Ellingsen Thorsen Edvardsen Birkeland Isaksen Gulbrandsen Ruud Aasen Strøm Myklebust
Tangen Ødegård Eliassen Helland Bøe Jenssen Aune Mikkelsen Tveit Brekke Abrahamsen Madsen Kvamme
Bjerke Fjeld Grønli Sæterstøl Vestre Øverby Rognstad Fossum Tveiten Kolstad Østby Bråten Skogen
Nordby Grimstad Flaten Vatne Hovland Tollefsen Rustad Engen Nesheim Syversen Bjørnstad Løken Aamodt
Sunde Haugstad Kvalheim Tjelta Ravndal Bitustøyl Gjerde Sletten Skaar Nordli Reite Hovde Wold Lyngstad
""".split()

TITLES = [
    ("Sykepleier", 30),
    ("Spesialsykepleier", 8),
    ("Fastlege", 25),
    ("Overlege", 12),
    ("Lege i spesialisering", 6),
    ("Avdelingsleder", 8),
    ("Enhetsleder", 8),
    ("Seksjonsleder", 5),
    ("Kommuneoverlege", 2),
    ("Helsesykepleier", 6),
    ("Fysioterapeut", 5),
    ("Ergoterapeut", 4),
    ("Psykolog", 4),
    ("Psykologspesialist", 2),
    ("Rådgiver", 8),
    ("Seniorrådgiver", 5),
    ("Spesialrådgiver", 2),
    ("Saksbehandler", 6),
    ("Helsefagarbeider", 8),
    ("Vernepleier", 4),
    ("Jordmor", 3),
    ("Sosionom", 3),
    ("Kommunalsjef for helse og omsorg", 1),
    ("Tildelingsleder", 2),
    ("Samhandlingskoordinator", 2),
    ("Kreftkoordinator", 2),
    ("Koordinator for rehabilitering", 1),
    ("Fagutviklingssykepleier", 3),
    ("Klinisk ernæringsfysiolog", 1),
    ("Farmasøyt", 2),
    ("Pasientkoordinator", 2),
    ("Merkantil konsulent", 3),
    ("Legesekretær", 5),
    ("Medisinsk faglig rådgiver", 1),
    ("Kvalitetsrådgiver", 2),
]

DEPARTMENTS = {
    "municipality": [
        "Hjemmetjenesten",
        "Tildelingskontoret",
        "Helse og mestring",
        "Legevakt",
        "Helsestasjon",
        "Psykisk helse og rus",
        "Koordinerende enhet",
        "Korttidsavdelingen",
        "Sykehjemmet",
        "Rehabilitering",
        "Bo- og aktivitetssenter",
        "Kommuneoverlegens kontor",
        "Friskliv",
        "",
    ],
    "hospital": [
        "Medisinsk klinikk",
        "Kirurgisk klinikk",
        "Akuttmottak",
        "Barne- og ungdomsklinikken",
        "Klinikk for psykisk helse og rusbehandling",
        "Kreftavdelingen",
        "Geriatrisk seksjon",
        "Ortopedisk avdeling",
        "Hjerteavdelingen",
        "Nevrologisk avdeling",
        "Fag og kvalitet",
        "Samhandlingsavdelingen",
        "Kvinneklinikken",
        "Rehabiliteringsavdelingen",
    ],
    "gp_office": [""],
    "other": [""],
}

# Topics of news items and routines: a title frame and the words its text draws from. Each
# topic is one of many, so even its own words stay in a minority of the texts.
TOPICS = [
    (
        "utskrivning",
        ["utskrivning", "utskrivningsklar", "epikrise", "pasientforløp", "korttidsplass", "hjemmetjeneste"],
    ),
    (
        "innleggelse",
        ["innleggelse", "innleggelsesskriv", "akuttmottak", "legevakt", "henvisning", "øyeblikkelig hjelp"],
    ),
    (
        "legemidler",
        ["legemiddelliste", "legemiddelsamstemming", "kjernejournal", "e-resept", "multidose", "interaksjon"],
    ),
    ("psykisk helse", ["psykisk", "rusbehandling", "ambulant", "FACT-team", "samtaleterapi", "ettervern"]),
    (
        "barn og unge",
        ["barneansvarlig", "helsestasjon", "skolehelsetjeneste", "foreldre", "barneverntjeneste", "ungdom"],
    ),
    ("kreft", ["kreftkoordinator", "pakkeforløp", "palliasjon", "lindrende", "cellegift", "stråleterapi"]),
    (
        "rehabilitering",
        ["rehabilitering", "habilitering", "fysioterapi", "ergoterapi", "hverdagsrehabilitering", "mestring"],
    ),
    (
        "elektroniske meldinger",
        ["PLO-melding", "dialogmelding", "meldingsutveksling", "helsenett", "adresseregister", "journal"],
    ),
    ("beredskap", ["beredskap", "smittevern", "vaksinasjon", "pandemi", "øvelse", "forsyning"]),
    (
        "svangerskap og fødsel",
        ["jordmor", "svangerskapsomsorg", "barselomsorg", "fødeavdeling", "hjemmebesøk", "ammehjelp"],
    ),
    ("eldre", ["geriatri", "demens", "fallforebygging", "ernæring", "sykehjem", "pårørende"]),
    ("kompetanse", ["fagdag", "hospitering", "kurs", "veiledning", "simulering", "e-læring"]),
    ("kvalitet", ["avviksmelding", "forbedringsarbeid", "pasientsikkerhet", "meldekultur", "læringsnotat", "tilsyn"]),
    (
        "legetjenester",
        ["fastlege", "allmennlege", "praksiskonsulent", "samhandlingslege", "legevaktsentral", "kommuneoverlege"],
    ),
    (
        "digital hjemmeoppfølging",
        ["velferdsteknologi", "hjemmeoppfølging", "nettbrett", "videokonsultasjon", "sensor", "trygghetsalarm"],
    ),
    ("ernæring", ["kosthold", "underernæring", "ernæringsplan", "klinisk", "måltid", "vektutvikling"]),
    (
        "lungesykdom",
        ["kols", "oksygenbehandling", "inhalasjon", "lungesykepleier", "forverring", "egenbehandlingsplan"],
    ),
    ("hjerte og kar", ["hjertesvikt", "blodtrykk", "slag", "trombolyse", "hjerterehabilitering", "oppfølging"]),
    ("diabetes", ["diabetes", "blodsukker", "insulin", "fotterapi", "diabetessykepleier", "langtidsblodsukker"]),
    ("tolketjenester", ["tolk", "språk", "minoritet", "helsekompetanse", "informasjon", "kommunikasjon"]),
]
VERBS = [
    "styrker",
    "forenkler",
    "samler",
    "endrer",
    "evaluerer",
    "prøver ut",
    "utvider",
    "gjennomgår",
    "lanserer",
    "forbedrer",
]
ACTORS = [
    "Helsefellesskapet",
    "Samarbeidsutvalget",
    "Kommunene",
    "Sykehuset",
    "Fagrådet",
    "Arbeidsgruppen",
    "Praksiskonsulentene",
    "Brukerrådet",
    "Kvalitetsutvalget",
    "Ledermøtet",
    "Legevakten",
    "Kreftkoordinatorene",
]
OBJECTS = [
    "rutinene for",
    "samarbeidet om",
    "opplæringen i",
    "oppfølgingen av",
    "ansvaret for",
    "arbeidet med",
    "tilbudet om",
]
FILLER = [
    "Målet er at pasienten skal oppleve en sammenhengende tjeneste.",
    "Erfaringene fra pilotperioden blir lagt fram på neste møte.",
    "Alle ansatte oppfordres til å lese den oppdaterte veilederen.",
    "Kommunene og sykehuset har sammen utarbeidet et forslag.",
    "Tilbakemeldinger kan sendes til samhandlingskoordinator i regionen.",
    "Endringen gjelder fra neste måned og evalueres etter et halvt år.",
    "Brukerrepresentantene har deltatt i arbeidet fra starten.",
    "Det blir holdt et webinar for dem som ønsker å lære mer.",
    "Tallene viser en tydelig forbedring sammenlignet med i fjor.",
    "Fagdagen samlet over hundre deltakere fra hele regionen.",
]
