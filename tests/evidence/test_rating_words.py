"""A native rating prints as its scheme words it: no code words ("none"), no added quotes
around a label, the dimension named once."""

from __future__ import annotations

import pytest

from resettle.evidence import load_embedded_pack
from resettle.evidence.codes import RatingScheme
from resettle.evidence.schema import NativeRating

TOOLKIT = RatingScheme.COLLEGE_OF_POLICING_TOOLKIT


@pytest.mark.parametrize(
    ("rating", "lines"),
    [
        (NativeRating(scheme=RatingScheme.NONE), ()),
        (
            NativeRating(scheme=TOOLKIT, effect_label="Overall reduction", quality_label="Strong"),
            ("Effect: Overall reduction", "Quality: Strong"),
        ),
        (
            NativeRating(
                scheme=TOOLKIT,
                quality_label="Evidence quality 3",
                statement="Overall, the evidence suggests that CBT has reduced crime.",
            ),
            (
                "\u201cOverall, the evidence suggests that CBT has reduced crime.\u201d",
                "Evidence quality 3",
            ),
        ),
        (
            NativeRating(scheme=RatingScheme.CRIMESOLUTIONS, effect_label="Promising"),
            ("Effect: Promising",),
        ),
    ],
)
def test_printed_words(rating: NativeRating, lines: tuple[str, ...]) -> None:
    assert rating.printed_words() == lines


def test_no_rating_in_the_pack_prints_a_code_word_or_stray_quotes() -> None:
    for intervention in load_embedded_pack().pack.interventions:
        for record in intervention.evidence:
            for line in record.native_rating.printed_words():
                assert line.strip('"\u201c\u201d ').lower() not in ("", "none"), intervention.id
                assert '"' not in line, line
