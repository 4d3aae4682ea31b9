"""Officers' second trial (issue 10): the card's heading without jargon, and the text report
names exclusion reasons with the same headlines as the GUI."""

from __future__ import annotations

from resettle.evidence import CaseProfile, load_embedded_pack, recommend
from resettle.evidence.codes import CriminogenicNeed
from resettle.evidence.exclusions import exclusion_headline as text_headline
from resettle.ui.evidence.recommendation_card import recommendation_html
from resettle.ui.evidence.words import exclusion_headline as gui_headline
from resettle.ui.evidence.words import word
from tests.evidence.rules_helpers import ALL_NEEDS, BASE_PROFILE


def _profile(**overrides: object) -> CaseProfile:
    return CaseProfile.model_validate({**BASE_PROFILE, "needs": ALL_NEEDS, **overrides})


def test_the_ranking_heading_has_no_jargon() -> None:
    result = recommend(_profile(), load_embedded_pack())
    html = recommendation_html(result.recommendations[0], result.notes)
    assert "How it was ranked" in html
    assert "keys in order" not in html


def test_the_text_report_and_the_gui_give_the_same_headlines() -> None:
    profiles = [
        _profile(),
        _profile(days_to_release=-40, flags=["opioid_use", "no_recourse_to_public_funds"]),
        _profile(risk_level="low", age=17, days_to_release=20),
        _profile(
            risk_level="high",
            sexual_offence=True,
            offence_category="sexual_child",
            in_progress=["accredited-cbt-custody-high"],
            completed=["id-documents"],
            flags=["denies_offence", "no_right_to_work", "domestic_abuse_victim"],
        ),
    ]
    seen = 0
    for profile in profiles:
        result = recommend(profile, load_embedded_pack())
        for exclusion in result.exclusions:
            for reason in exclusion.reasons:
                assert text_headline(reason).lower() == gui_headline(reason).lower(), reason
                assert "_" not in gui_headline(reason), reason
                seen += 1
    assert seen > 100


def test_criminogenic_needs_are_shown_in_words() -> None:
    assert word(CriminogenicNeed.FAMILY_MARITAL) == "Family and marital relationships"
