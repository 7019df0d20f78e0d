"""How a search box query matches contacts, written once for the directory and the site search.

Each term of the query must match, in either of two ways:

1. PostgreSQL full-text search in the `norwegian` configuration, with prefix matching
   (`to_tsquery('norwegian', 'term:*')`): the stemmer lets "koordinatorer" find
   "koordinator" and "kommunen" find "kommune", and the prefix lets "bitus" find
   "Bitustøyl". It uses the GIN index on `search_vector`.
2. A substring of `search_text`, a folded copy of everything searchable (lower case,
   æ -> ae, ø -> o, å -> a, accents removed), tried with the term and with its stem.
   Norwegian writes compounds as one word, so "koordinat" is in the middle of
   "samhandlingskoordinator", where neither a stem nor a prefix can reach it, and
   "koordinatorer" reaches it through its stem "koordinator"; folding lets "bitustoyl",
   typed on a keyboard without ø or copied from an e-mail address, still find "Bitustøyl".

Without pg_trgm (pgserver has no contrib) no index serves the substring test, so a query
reads every row's `search_text`: measured well under 10 ms at 1,000 people, fine for a
partnership's directory of some thousands. With pg_trgm, a GIN trigram index on
`search_text` would make it indexed without changing this module.
"""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Q

SEARCH_CONFIG = "norwegian"
MAX_TERMS = 8
MAX_TERM_LENGTH = 50

_FOLD = str.maketrans({"æ": "ae", "ä": "ae", "ø": "o", "ö": "o", "å": "a"})
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case, Norwegian letters spelt out (æ -> ae, ø -> o, å -> a), no accents, single spaces."""
    folded = unicodedata.normalize("NFKD", str(text).casefold().translate(_FOLD))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(folded.split())


def search_terms(query: str) -> list[str]:
    """The words of a query, lower case: at most MAX_TERMS, each cut to MAX_TERM_LENGTH."""
    words = _WORD.findall(str(query or "").casefold())
    return [word[:MAX_TERM_LENGTH] for word in words[:MAX_TERMS]]


def prefix_query(terms: list[str]) -> SearchQuery:
    """`to_tsquery('norwegian', 'a:* & b:*')`. Terms are \\w+ only, so nothing can break the syntax."""
    return SearchQuery(" & ".join(f"'{term}':*" for term in terms), search_type="raw", config=SEARCH_CONFIG)


def stems(terms: list[str]) -> list[str]:
    """The Norwegian stem of each term ('' for a stop word), from PostgreSQL's own stemmer. One query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce((ts_lexize('norwegian_stem', term))[1], '') FROM unnest(%s::text[]) WITH ORDINALITY AS t(term, n) ORDER BY n",
            [terms],
        )
        return [row[0] for row in cursor.fetchall()]


def matches(terms: list[str]) -> Q:
    """Rows where every term is a full-text prefix match, or it or its stem is in the folded text.

    Costs one query (the stems) when it is built, none when it is used again.
    """
    condition = Q()
    for term, stem in zip(terms, stems(terms)):
        term_matches = Q(search_vector=prefix_query([term])) | Q(search_text__contains=fold(term))
        if len(stem) >= 3 and stem != term:
            term_matches |= Q(search_text__contains=fold(stem))
        condition &= term_matches
    return condition
