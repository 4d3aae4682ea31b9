"""Normalising text for search-as-you-type: case-, accent- and spacing-insensitive."""

from __future__ import annotations

import unicodedata

# Letters that carry no combining mark in NFKD, so need mapping by hand.
_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe"})


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse spaces: 'Zoë  Ní Bhriain' -> 'zoe ni bhriain'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.translate(_FOLD).split())


def search_terms(query: str) -> list[str]:
    """The words of a search box entry, folded; every word must match."""
    return fold(query).split()


def search_text(*parts: str | None) -> str:
    """The text a person is found by (names, aliases and identifiers), folded."""
    return fold(" ".join(p for p in parts if p))
