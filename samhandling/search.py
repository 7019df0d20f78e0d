"""The portal's one search engine: how a search box query is read, matched, ranked and highlighted.

Every search in the portal goes through here: the contact directory, /rutiner/?q=, and each
provider of the site-wide search /sok/ (news, events, links, people, organisations, bodies,
agreements, routines). The apps say which columns to search; this module says how.

Reading a query (`parse`): the words of what was typed (letters and digits only, so no
tsquery syntax gets through), lower case, at most MAX_TERMS of at most MAX_TERM_LENGTH
characters. Each word is stemmed by PostgreSQL's own Norwegian stemmer, twice, in one
query: Snowball stems an inflected form one step short of its base form's stem
("utskrivningsklare" -> "utskrivningsklar", but the document word "utskrivningsklar" ->
"utskrivningskl"), and the stem's stem is the shorter one, whose prefix covers both.
A stop word ("og", "for") has no stem and drops out of the full-text match.

Matching (`matches`): every word is required, each in one of two ways:

1. Full text in the `norwegian` configuration, as a prefix of the stem (`'utskrivningskl':*`),
   on a stored tsvector with a GIN index. The prefix lets "avvik" find "avviksmelding" and
   "bitus" find "Bitustøyl".
2. Where the model keeps a folded copy of its text (`fold`: lower case, æ -> ae, ø -> o,
   å -> a, no accents), a substring of it, tried with the word and its stem. Norwegian writes
   compounds as one word, so "koordinat" is in the middle of "samhandlingskoordinator" where
   no prefix reaches, and "bitustoyl" typed without ø still finds "Bitustøyl".
   `contains` is the one place that builds this condition, a `LIKE '%...%'` that a GIN
   trigram index (pg_trgm, `gin_trgm_ops`) on the folded column serves: the contact models
   declare one, so 20,000 people are not read row by row.

Ranking (`ranked`): ts_rank normalised to [0, 1) (rank / (rank + 1)), plus 1 when the
title itself matches, so title matches come first within a provider and across providers.
A caller that shows only the best few (the providers of /sok/) passes `candidates`: only
that many rows, title matches first, reach ts_rank.

Highlighting (`headline`, `highlight`): ts_headline puts private-use characters around the
matches; `highlight` escapes the whole text and only then turns them into <mark>, so what
anyone typed into a title or a body reaches the page as text, never as HTML.
"""

import functools
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NotRequired, TypedDict

from django.contrib.postgres.search import (
    Lexeme,
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Concat, JSONObject
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from samhandling.text import fold

SEARCH_CONFIG = "norwegian"
STEM_DICTIONARY = "norwegian_stem"
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_TERM_LENGTH = 50
# A stem this short is matched whole, not as a prefix: "al:*" would match half the dictionary.
MIN_PREFIX_LENGTH = 3
# A stem shorter than this is not tried as a substring of the folded text.
MIN_SUBSTRING_STEM = 3
# Rows ranked by ts_rank per kind when only the best few are shown (/sok/ shows ten a kind).
CANDIDATES = 200

_WORD = re.compile(r"[^\W_]+")
# Characters that never occur in stored text mark the matches in ts_headline's output.
_START, _STOP = "\ue000", "\ue001"
HEADLINE_OPTIONS: dict[str, Any] = {
    "start_sel": _START,
    "stop_sel": _STOP,
    "min_words": 12,
    "max_words": 30,
    "max_fragments": 2,
    "fragment_delimiter": " … ",
}


@dataclass(frozen=True)
class Term:
    """One word of a query: as typed (lower case), its stem, and the lexeme matched as a prefix."""

    word: str
    stem: str  # "" for a stop word
    lexeme: str  # the stem's stem when there is one, else the stem; "" for a stop word


@dataclass(frozen=True)
class Query:
    """A parsed search box query. False when nothing searchable was typed."""

    text: str
    terms: tuple[Term, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def has_full_text(self) -> bool:
        return any(term.lexeme for term in self.terms)

    @functools.cached_property
    def tsquery(self) -> SearchQuery:
        """Every stemmed word as a prefix, all required; a query matching nothing if there is none."""
        lexemes = [_lexeme(term) for term in self.terms if term.lexeme]
        if not lexemes:
            return SearchQuery("", search_type="plain", config="simple")
        # "simple": the lexemes are stemmed already and must not be stemmed again.
        return SearchQuery(functools.reduce(operator.and_, lexemes), config="simple")


def _lexeme(term: Term) -> Lexeme:
    return Lexeme(term.lexeme, prefix=len(term.lexeme) >= MIN_PREFIX_LENGTH)


def words(text: str) -> list[str]:
    """The words of a query, lower case: at most MAX_TERMS, each cut to MAX_TERM_LENGTH."""
    found = _WORD.findall(str(text or "")[:MAX_QUERY_LENGTH].casefold())
    return [word[:MAX_TERM_LENGTH] for word in found[:MAX_TERMS]]


def parse(text: "str | Query") -> Query:
    """The query with each word's stems, from PostgreSQL's stemmer: one query, none for no words."""
    if isinstance(text, Query):
        return text
    found = words(text)
    if not found:
        return Query(str(text or ""), ())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(once, ''), coalesce((ts_lexize(%s, once))[1], '') FROM ("
            "  SELECT n, (ts_lexize(%s, word))[1] AS once FROM unnest(%s::text[]) WITH ORDINALITY AS t(word, n)"
            ") AS stems ORDER BY n",
            [STEM_DICTIONARY, STEM_DICTIONARY, found],
        )
        rows = cursor.fetchall()
    terms = tuple(Term(word, once, twice or once) for word, (once, twice) in zip(found, rows))
    return Query(str(text), terms)


def contains(field: str, folded_text: str) -> Q:
    """Rows whose folded column `field` contains `folded_text`: the one substring condition.

    A LIKE '%...%' that the column's GIN trigram index (gin_trgm_ops) serves; a word of
    fewer than three letters has no trigram and is read from the rows, as before.
    """
    return Q(**{f"{field}__contains": folded_text})


def matches(query: Query, *, vector: str = "search_vector", folded: str | None = None) -> Q:
    """Rows matching every word of query: full text on `vector`, or a substring of the `folded` column."""
    if not query:
        return Q(pk__in=[])
    if folded is None:
        return Q(**{vector: query.tsquery}) if query.has_full_text else Q(pk__in=[])
    condition = Q()
    for term in query.terms:
        term_matches = contains(folded, fold(term.word))
        if term.lexeme:
            term_matches |= Q(**{vector: SearchQuery(_lexeme(term), config="simple")})
        if len(term.stem) >= MIN_SUBSTRING_STEM and term.stem != term.word:
            term_matches |= contains(folded, fold(term.stem))
        condition &= term_matches
    return condition


def ranked[M: Any](
    queryset: QuerySet[M],
    query: Query,
    *,
    title_fields: Sequence[str],
    vector: str = "search_vector",
    folded: str | None = None,
    then: Sequence[str] = ("pk",),
    candidates: int | None = None,
) -> QuerySet[M]:
    """The rows matching query, annotated with `rank` and best first (ties by `then`).

    rank is in [1, 2) when the title fields match (as full text, or as typed for a model
    with a folded column), in [0, 1) otherwise.

    With `candidates`, only that many rows are ranked: those whose title contains the words
    first, then the others in the order of `then` (e.g. newest first), chosen in SQL by a
    substring of the short title before ts_rank reads any stored vector. A common word matches
    thousands of news items; ranking them all to show ten was most of /sok/'s time.
    """
    title_match = Q(_search_title=query.tsquery) if query.has_full_text else Q(pk__in=[])
    if folded is not None and query:
        title_match |= Q(
            *(
                functools.reduce(operator.or_, (Q(**{f"{field}__icontains": term.word}) for field in title_fields))
                for term in query.terms
            )
        )
    title_hit = Case(When(title_match, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
    text_rank = SearchRank(F(vector), query.tsquery, normalization=Value(32))  # 32: rank / (rank + 1)
    matching = queryset.annotate(_search_title=SearchVector(*title_fields, config=SEARCH_CONFIG)).filter(
        matches(query, vector=vector, folded=folded)
    )
    if candidates is not None:
        # Cheap: a substring of the short title (the stem's stem, so "utskrivningsklare" finds
        # "Utskrivningsklar ..."), no tsvector built or read. ts_rank below decides the order.
        cheap_title = Q(
            *(
                functools.reduce(
                    operator.or_,
                    (Q(**{f"{field}__icontains": term.lexeme or term.word}) for field in title_fields),
                )
                for term in query.terms
            )
        )
        cheap_hit = Case(When(cheap_title, then=Value(1)), default=Value(0))
        best = matching.annotate(_title_hit=cheap_hit).order_by("-_title_hit", *then).values("pk")[:candidates]
        matching = queryset.annotate(_search_title=SearchVector(*title_fields, config=SEARCH_CONFIG)).filter(
            pk__in=best
        )
    return matching.annotate(rank=title_hit + text_rank).order_by("-rank", *then)


def text_of(*fields: str) -> Combinable:
    """Columns joined with spaces, as one text for ts_headline."""
    if len(fields) == 1:
        return F(fields[0])
    parts: list[Any] = [part for field in fields for part in (Value(" "), F(field))][1:]
    return Concat(*parts, output_field=TextField())


def headline(expression: "str | Combinable", query: Query, **options: Any) -> SearchHeadline:
    """ts_headline of expression with the matches between markers; pass the result to highlight()."""
    return SearchHeadline(expression, query.tsquery, config=SEARCH_CONFIG, **{**HEADLINE_OPTIONS, **options})


def highlight(headline_text: str | None) -> SafeString:
    """A headline as safe HTML: the text escaped, then the matches put in <mark>."""
    marked = escape(headline_text or "").replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(marked)  # escaped on the line above; only our <mark> tags are added


class Hit(TypedDict):
    """One result of the site-wide search, as every provider returns it."""

    kind: str  # stable code, groups the results ("news", "routine", ...)
    kind_label: str  # the group's heading, translated ("Nyheter")
    title: str  # plain text
    url: str
    snippet: SafeString  # from highlight()
    rank: float  # higher is better; title matches >= 1
    date: NotRequired[date | datetime]


@dataclass(frozen=True)
class Candidates:
    """One kind of a provider's results, not yet read: the rows (from `ranked`, with a `headline`
    annotation, access rules applied) and how a hit is made from a few of their values.

    `fetch` reads the best of every kind of every provider in one UNION ALL statement, so
    /sok/ costs one query however many kinds there are.
    """

    kind: str  # stable code, groups the results
    label: str  # the group's heading, translated
    rows: QuerySet[Any]
    values: dict[str, str]  # name -> field path, read for `make`
    make: Callable[[dict[str, Any]], tuple[str, str]]  # values -> (title, url)
    when: str | None = None  # a datetime field shown as the hit's date
    tiebreak: str | None = None  # a text field ordering hits of equal rank across kinds ("sort_key")


def fetch(groups: Sequence[Sequence[Candidates]], limit: int) -> list[list[Hit]]:
    """For each group (a provider's kinds): its best `limit` hits, best first; one query for all.

    Each kind is ranked and cut to `limit` in its own branch, as when it was read alone;
    within a group, hits of equal rank keep the order of their kinds, then of `tiebreak`.
    """
    kinds = [kind for group in groups for kind in group]
    if not kinds or limit <= 0:
        return [[] for _group in groups]
    branches = [
        kind.rows.annotate(
            _hit_kind=Value(number, output_field=IntegerField()),
            _hit_rank=F("rank"),
            _hit_headline=F("headline"),
            _hit_when=F(kind.when) if kind.when else Cast(Value(None), DateTimeField()),
            _hit_tiebreak=F(kind.tiebreak) if kind.tiebreak else Value("", output_field=CharField()),
            _hit_values=JSONObject(**{name: F(path) for name, path in kind.values.items()}),
        ).values_list("_hit_kind", "_hit_rank", "_hit_headline", "_hit_when", "_hit_tiebreak", "_hit_values")[:limit]
        for number, kind in enumerate(kinds)
    ]
    # No ORDER BY on the whole (the first model's default ordering would name a column not read):
    # each branch is ordered and cut by itself, and the hits are sorted below.
    combined = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    rows = list(combined.order_by()) if len(branches) > 1 else list(combined)
    found: dict[int, list[tuple[Hit, str]]] = {}
    for number, rank, headline_text, when, tiebreak, values in rows:
        kind = kinds[number]
        title, url = kind.make(values)
        found.setdefault(number, []).append(
            (hit(kind.kind, kind.label, title, url, highlight(headline_text), rank, when=when), tiebreak)
        )
    results: list[list[Hit]] = []
    first = 0
    for group in groups:
        pairs = [pair for number in range(first, first + len(group)) for pair in found.get(number, [])]
        first += len(group)
        pairs.sort(key=lambda pair: (-pair[0]["rank"], pair[1]))
        results.append([found_hit for found_hit, _tiebreak in pairs[:limit]])
    return results


@dataclass(frozen=True)
class Provider:
    """A provider of the site-wide search: (query, user, limit) -> at most limit hits the user may
    see, best first. `candidates` says what to read (nothing for a query it does not search);
    called alone, a provider costs one query, plus the stems when given a string."""

    candidates: Callable[[Query, Any], list[Candidates]]

    def __call__(self, query: "str | Query", user: Any, limit: int = 10) -> list[Hit]:
        parsed = parse(query)
        if not parsed or limit <= 0:
            return []
        return fetch([self.candidates(parsed, user)], limit)[0]


def hit(
    kind: str,
    kind_label: str,
    title: str,
    url: str,
    snippet: SafeString,
    rank: float,
    when: date | datetime | None = None,
) -> Hit:
    result = Hit(kind=kind, kind_label=str(kind_label), title=str(title), url=url, snippet=snippet, rank=float(rank))
    if when is not None:
        result["date"] = when
    return result


__all__ = [
    "CANDIDATES",
    "Candidates",
    "SEARCH_CONFIG",
    "Hit",
    "Provider",
    "Query",
    "Term",
    "contains",
    "fetch",
    "fold",
    "headline",
    "highlight",
    "hit",
    "matches",
    "parse",
    "ranked",
    "text_of",
    "words",
]
