"""Refusals of an unknown code list the codes there are, so a mistyped one can be put right."""

from __future__ import annotations

from collections.abc import Iterable


def codes_listed(codes: Iterable[str], budget: int = 300) -> str:
    """`` (the codes are A, B, C).``: in order, as many as fit in ``budget`` characters, then
    how many more; ``.`` when there are none. Three-letter prison codes all fit; a catalogue of
    long codes shows its first dozen or so, and the message stays readable."""
    known = sorted(set(codes))
    if not known:
        return "."
    shown: list[str] = []
    used = 0
    for code in known:
        if shown and used + len(code) + 2 > budget:
            break
        shown.append(code)
        used += len(code) + 2
    more = f" and {len(known) - len(shown)} more" if len(known) > len(shown) else ""
    return f" (the codes are {', '.join(shown)}{more})."
