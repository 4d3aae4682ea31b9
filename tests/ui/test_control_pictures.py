"""Control characters shown as pictures in an editor, and read back as themselves."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from resettle.ui.common.control_pictures import read_back, shown

# Text as stored: any character but the pictures themselves (U+2400..U+2421).
_STORED = st.text(st.characters(exclude_characters=[chr(c) for c in range(0x2400, 0x2422)]))


def test_nul_and_others_are_visible() -> None:
    assert shown("Zo\x00ë\x01\x7f") == "Zo\u2400ë\u2401\u2421"
    assert shown("a\nb\tc") == "a\u240ab\u2409c"  # a single-line field shows its line break
    assert shown("a\nb\tc\x00", multi_line=True) == "a\nb\tc\u2400"  # a note keeps its lines


@given(_STORED, st.booleans())
def test_what_is_shown_reads_back_unchanged(stored: str, multi_line: bool) -> None:
    visible = shown(stored, multi_line=multi_line)
    assert read_back(visible, multi_line=multi_line) == stored
    assert not any(ord(c) < 0x20 and c not in "\n\t" for c in visible)
