"""Wording: exclusions describe the item as it is, and unknown authors are never printed
as if they were a name."""

from __future__ import annotations

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
