"""Norwegian text rules, written once: slugs and sort order."""

import unicodedata

from django.utils.text import slugify

_TRANSLITERATION = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "å": "a", "Å": "A"})

# Letters after z in Norwegian order; ä/ö/ü sort as æ/ø/y, as in Norwegian dictionaries.
_SORT_LETTERS = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}", "ü": "y"})


def norwegian_slugify(text: str) -> str:
    """Slug that keeps Norwegian letters readable: 'Fagråd for øyeblikkelig' -> 'fagrad-for-oyeblikkelig'."""
    return slugify(str(text).translate(_TRANSLITERATION))


def norwegian_sort_key(text: str) -> str:
    """A key whose byte order is Norwegian alphabetical order, case-insensitive.

    Stored in a column and ordered by the database, it sorts 'Zorro, Ærlig, Ørjan, Åse'
    right under any collation, including pgserver's C.UTF-8.
    """
    lowered = str(text).casefold().translate(_SORT_LETTERS)
    # Other accents fold onto their base letter (é -> e).
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
