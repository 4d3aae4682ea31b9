"""Stored text holding control characters, shown so the user can see them and correct them.

A record saved before Resettle refused control characters may hold a NUL in a name: a
``QLineEdit`` shows it as a blank, so the user would be told "Given name: must not contain
control characters" about a name that looks right. An editor shows each C0 control character
and DEL as its Unicode control picture ("Zo\u2400\u00eb" for "Zo\\x00\u00eb") and reads the
picture back as the character, so nothing is changed until the user deletes it, and saving
without correcting it still names the field. A multi-line editor keeps its line breaks and tabs.
"""

from __future__ import annotations

from typing import Final

_PICTURE_OFFSET: Final = 0x2400  # U+2400 SYMBOL FOR NULL .. U+241F SYMBOL FOR UNIT SEPARATOR
_DEL: Final = 0x7F
_DEL_PICTURE: Final = 0x2421  # SYMBOL FOR DELETE
_KEPT_IN_MULTI_LINE: Final = frozenset({ord("\n"), ord("\t")})

_SHOWN: Final = {code: _PICTURE_OFFSET + code for code in range(0x20)} | {_DEL: _DEL_PICTURE}
_SHOWN_MULTI_LINE: Final = {
    code: picture for code, picture in _SHOWN.items() if code not in _KEPT_IN_MULTI_LINE
}
_READ_BACK: Final = {picture: code for code, picture in _SHOWN.items()}
_READ_BACK_MULTI_LINE: Final = {picture: code for code, picture in _SHOWN_MULTI_LINE.items()}


def shown(text: str, *, multi_line: bool = False) -> str:
    """``text`` with its control characters as visible pictures."""
    return text.translate(_SHOWN_MULTI_LINE if multi_line else _SHOWN)


def read_back(text: str, *, multi_line: bool = False) -> str:
    """What an editor showing :func:`shown` text holds: the pictures as the characters."""
    return text.translate(_READ_BACK_MULTI_LINE if multi_line else _READ_BACK)
