"""Norwegian text rules, written once: folding, slugs and sort order.

Every app takes these from here; none keeps a copy of its own.
"""

import unicodedata
from collections.abc import Collection

from django.db import models
from django.utils.text import slugify

# Norwegian letters spelt out the way Norwegians type them without a Norwegian keyboard.
_FOLD_LETTERS = str.maketrans({"æ": "ae", "ä": "ae", "ø": "o", "ö": "o", "å": "a"})

# Letters after z in Norwegian order; ä/ö/ü sort as æ/ø/y, as in Norwegian dictionaries.
_SORT_LETTERS = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}", "ü": "y"})


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower case, æ -> ae, ø -> o, å -> a, no accents, single spaces: 'Bitustøyl  Åse' -> 'bitustoyl ase'.

    NFKC first, so a decomposed "å" (a + ring, as some keyboards and PDFs send it) and
    compatibility forms ("ﬁ") fold like their ordinary spelling.
    """
    folded = unicodedata.normalize("NFKC", str(text)).casefold().translate(_FOLD_LETTERS)
    return " ".join(_without_accents(folded).split())


def norwegian_slugify(text: str) -> str:
    """Slug that keeps Norwegian letters readable: 'Fagråd for øyeblikkelig' -> 'fagrad-for-oyeblikkelig'."""
    return slugify(fold(text))


def unique_slug(
    model: type[models.Model],
    text: str,
    instance_pk: object = None,
    *,
    reserved: Collection[str] = frozenset(),
    default: str = "uten-navn",
    max_length: int = 190,
) -> str:
    """norwegian_slugify(text), with -2, -3, ... when another row (or a reserved word) has it. A query per try."""
    base = norwegian_slugify(text)[:max_length].strip("-") or default
    others = model._default_manager.exclude(pk=instance_pk) if instance_pk is not None else model._default_manager
    slug, number = base, 1
    while slug in reserved or others.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def norwegian_sort_key(text: str) -> str:
    """A key whose byte order is Norwegian alphabetical order, case-insensitive.

    Stored in a column and ordered by the database, it sorts 'Zorro, Ærlig, Ørjan, Åse'
    right under any collation, including the embedded server's C.UTF-8.
    """
    lowered = unicodedata.normalize("NFKC", str(text)).casefold().translate(_SORT_LETTERS)
    # Other accents fold onto their base letter (é -> e).
    return _without_accents(lowered)
