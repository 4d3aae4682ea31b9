"""Wording: exclusions describe the item as it is, and unknown authors are never printed
as if they were a name."""

from __future__ import annotations

import pytest

from resettle.evidence import ExclusionCode, load_embedded_pack, recommend
from resettle.evidence.schema import Citation
from resettle.evidence.text_report import format_result
from tests.evidence.rules_helpers import ALL_NEEDS, MakeProfile


def test_risk_intensity_exclusions_name_the_item(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(risk_level="low", needs=ALL_NEEDS))
    texts = {
        e.intervention_id: r.text
        for e in result.exclusions
        for r in e.reasons
        if r.code is ExclusionCode.RISK_INTENSITY_MISMATCH
    }
    assert texts
    pack = load_embedded_pack().pack
    for intervention_id, text in texts.items():
        assert pack.intervention(intervention_id).name in text
        assert "programme for a low-risk person" not in text


def test_unknown_authors_print_as_not_confirmed() -> None:
    citation = Citation(
        id="c-x", authors="unverified", year=2016, title="A report", container="A publisher"
    )
    assert citation.short() == "(authors not confirmed) 2016"
    assert citation.formatted().startswith("(authors not confirmed) 2016. A report.")
    known = Citation(id="c-y", authors="Smith J", year=2016, title="T", container="C")
    assert known.short() == "Smith J 2016"


def test_no_output_cites_unverified_as_an_author(make_profile: MakeProfile) -> None:
    for risk in ("low", "medium", "high"):
        text = format_result(recommend(make_profile(risk_level=risk, needs=ALL_NEEDS)))
        assert "unverified 20" not in text
        assert "unverified (20" not in text


@pytest.mark.parametrize(
    ("authors", "short"),
    [
        ("van Beek G, de Vogel V, van de Mheen D", "van Beek et al. 2020"),
        ("Lipsey MW, Landenberger NA, Wilson SJ", "Lipsey et al. 2020"),
        ("Newbury-Birch D, Coulton S", "Newbury-Birch et al. 2020"),
        ("Ministry of Justice", "Ministry of Justice 2020"),
    ],
)
def test_a_citation_is_shortened_to_its_first_authors_surname(authors: str, short: str) -> None:
    citation = Citation(id="c-x", authors=authors, year=2020, title="A title", container="J")
    assert citation.short() == short


def test_an_excluded_offence_is_named_in_words(make_profile: MakeProfile) -> None:
    result = recommend(
        make_profile(offence_category="sexual_child", sexual_offence=True, risk_level="medium")
    )
    texts = [r.text for e in result.exclusions for r in e.reasons]
    assert any("not for offence: sexual (against a child)" in t for t in texts)
    assert not any("sexual_child" in t for t in texts)


def test_risk_levels_in_an_exclusion_are_words(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(risk_level="low"))
    texts = [r.text for e in result.exclusions for r in e.reasons]
    assert any("for risk levels high, very high; this person is low" in t for t in texts)
    assert not any("very_high" in t for t in texts)
