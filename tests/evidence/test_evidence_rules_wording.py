"""Wording: exclusions describe the item as it is, and unknown authors are never printed
as if they were a name."""

from __future__ import annotations

import re

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


def _keys_line(text: str, intervention_id: str) -> str:
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if f"[{intervention_id}]" in line)
    return lines[at + 1].strip()


def test_the_keys_line_reads_as_ranked_by_with_scales(make_profile: MakeProfile) -> None:
    needs = {
        "attitudes_thinking_behaviour": {"severity": "medium", "criminogenic": True},
        "education_skills_work": {"severity": "high", "criminogenic": True},
    }
    result = recommend(make_profile(risk_level="high", needs=needs, days_to_release=60))
    text = format_result(result)
    assert "keys:" not in text and "risk fit" not in text
    # A programme: its reasons speak of the dose, so the line does too.
    assert _keys_line(text, "accredited-cbt-community") == (
        "Ranked by: need 5 of 7 · dose fit 1 of 2 · evidence 1.5 of 4 · continuity 0.5 of 1"
    )
    # A support item: its reasons leave the dose out, and so does the line.
    assert _keys_line(text, "transitional-jobs") == (
        "Ranked by: need 6 of 7 · evidence 3 of 4 · continuity 0.5 of 1"
    )
    # The JSON keeps its keys.
    item = next(r for r in result.recommendations if r.intervention_id == "transitional-jobs")
    assert item.sort_keys is not None and item.sort_keys.risk_fit == 1


def test_a_tie_says_what_broke_it(make_profile: MakeProfile) -> None:
    needs = {"finance_id": {"severity": "high"}}
    result = recommend(
        make_profile(needs=needs, days_to_release=30, flags=["no_id", "no_bank_account"])
    )
    text = format_result(result)
    ids = [r.intervention_id for r in result.recommendations]
    assert ids.index("id-documents") + 1 == ids.index("bank-account")
    assert _keys_line(text, "bank-account").endswith(
        " · level with the one above, then by the order release-day essentials are arranged in"
    )
    assert "level with the one above" not in _keys_line(text, ids[0])


def test_a_short_citation_without_a_year_keeps_its_full_stop(make_profile: MakeProfile) -> None:
    citation = Citation(
        id="c-x", authors="College of Policing", year=None, title="T", container="C"
    )
    assert citation.short() == "College of Policing n.d."
    text = format_result(recommend(make_profile(risk_level="high", needs=ALL_NEEDS)))
    assert "n.d." in text
    assert not re.search(r"n\.d[^.]", text)
