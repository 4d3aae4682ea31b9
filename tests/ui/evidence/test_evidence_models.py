"""The evidence screens' table models, filter and cards: no widgets, no database."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from resettle.domain.pathways import Pathway
from resettle.domain.plan import ActionSource, PlanAction, PlanVersion
from resettle.domain.plan_view import PlanView
from resettle.domain.risk import OffenceCategory, RiskLevel, Sex
from resettle.evidence import (
    CaseProfile,
    EvidencePack,
    PathwayNeed,
    RecommendationResult,
    load_embedded_pack,
    recommend,
)
from resettle.evidence.codes import NeedSeverity, ProfileFlag, Setting
from resettle.ui.evidence.intervention_card import intervention_html
from resettle.ui.evidence.intervention_models import (
    InterventionFilter,
    InterventionsModel,
    intervention_rows,
)
from resettle.ui.evidence.recommendation_card import (
    exclusion_html,
    notes_summary,
    recommendation_html,
)
from resettle.ui.evidence.recommendation_models import (
    ExclusionsModel,
    PlanMark,
    RecommendationsModel,
    exclusion_rows,
    plan_marks,
    recommendation_rows,
)
from resettle.ui.evidence.words import dots, readable

#: A code such as ``through_the_gate`` or ``very_high`` left on screen.
RAW_CODE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


@pytest.fixture(scope="module")
def pack() -> EvidencePack:
    return load_embedded_pack().pack


@pytest.fixture
def listed(pack: EvidencePack) -> tuple[InterventionsModel, InterventionFilter]:
    model = InterventionsModel()
    model.set_rows(intervention_rows(pack))
    proxy = InterventionFilter()
    proxy.setSourceModel(model)
    return model, proxy


def _profile(**overrides: object) -> CaseProfile:
    data: dict[str, object] = {
        "age": 34,
        "sex": Sex.MALE,
        "risk_level": RiskLevel.MEDIUM,
        "offence_category": OffenceCategory.THEFT_NON_MOTOR,
        "sexual_offence": False,
        "days_to_release": 60,
        "needs": {
            Pathway.FINANCE_ID: PathwayNeed(severity=NeedSeverity.HIGH, criminogenic=False),
            Pathway.EDUCATION_SKILLS_WORK: PathwayNeed(
                severity=NeedSeverity.MEDIUM, criminogenic=True
            ),
        },
        "flags": (ProfileFlag.OPIOID_USE, ProfileFlag.NO_ID),
    }
    data.update(overrides)
    return CaseProfile.model_validate(data)


@pytest.fixture(scope="module")
def result() -> RecommendationResult:
    return recommend(_profile(), load_embedded_pack())


# --- the evidence browser's list ----------------------------------------------------------
def test_every_intervention_is_listed_with_words_not_codes(
    listed: tuple[InterventionsModel, InterventionFilter], pack: EvidencePack
) -> None:
    model, proxy = listed
    assert model.rowCount() == proxy.rowCount() == len(pack.interventions)
    for row in model.display_rows():
        for cell in row:
            assert not RAW_CODE.search(cell), cell
    settings = {row[2] for row in model.display_rows()}
    assert settings == {"Custody", "Community", "Through the gate"}


def test_harmful_interventions_are_clearly_marked(
    listed: tuple[InterventionsModel, InterventionFilter],
) -> None:
    model, _proxy = listed
    harm_column = model.columnCount() - 1
    marked = {
        model.row_at(r).intervention.id
        for r in range(model.rowCount())
        if model.data(model.index(r, harm_column)) == "⚠ Possible harm"
    }
    assert marked == {"scared-straight", "core-sotp"}
    scared = next(
        r for r in range(model.rowCount()) if model.row_at(r).intervention.id == "scared-straight"
    )
    harm = model.index(scared, harm_column)
    assert model.data(harm, Qt.ItemDataRole.ForegroundRole) is not None
    assert "Petrosino" in model.data(harm, Qt.ItemDataRole.ToolTipRole)


def test_search_matches_every_word_in_name_description_or_author(
    listed: tuple[InterventionsModel, InterventionFilter],
) -> None:
    _model, proxy = listed
    proxy.set_search("NALOXONE")
    assert proxy.visible_names() == ["Take-home naloxone on release"]
    proxy.set_search("petrosino")  # an author of the evidence
    assert proxy.visible_names() == ["Scared Straight and other juvenile awareness programmes"]
    proxy.set_search("through gate mentor")
    assert proxy.visible_names() == ["Mentoring through the gate"]
    proxy.set_search("no such thing")
    assert proxy.rowCount() == 0
    proxy.set_search("")
    assert proxy.rowCount() == proxy.sourceModel().rowCount()


def test_filters_by_pathway_setting_and_minimum_quality(
    listed: tuple[InterventionsModel, InterventionFilter],
) -> None:
    _model, proxy = listed
    proxy.set_pathway(Pathway.FINANCE_ID)
    rows = [proxy.row_at(r) for r in range(proxy.rowCount())]
    assert rows and all(Pathway.FINANCE_ID in r.intervention.pathways for r in rows if r)
    assert "Identity documents before release" in proxy.visible_names()

    proxy.set_pathway(None)
    proxy.set_setting(Setting.CUSTODY)
    rows = [proxy.row_at(r) for r in range(proxy.rowCount())]
    assert rows and all(r.intervention.setting is Setting.CUSTODY for r in rows if r)

    proxy.set_setting(None)
    proxy.set_min_quality(4)
    rows = [proxy.row_at(r) for r in range(proxy.rowCount())]
    assert rows and all(r.best_quality == 4 for r in rows if r)
    assert "Take-home naloxone on release" not in proxy.visible_names()  # quality 1

    proxy.set_pathway(Pathway.DRUGS_ALCOHOL)
    assert proxy.visible_names() == ["Opioid substitution treatment continued through release"]


def test_sorting_by_quality_uses_the_number_not_the_text(
    listed: tuple[InterventionsModel, InterventionFilter],
) -> None:
    _model, proxy = listed
    proxy.sort(5, Qt.SortOrder.DescendingOrder)
    qualities = [proxy.row_at(r).best_quality for r in range(proxy.rowCount())]  # type: ignore[union-attr]
    assert qualities == sorted(qualities, reverse=True)


def test_intervention_card_shows_every_record_in_full(pack: EvidencePack) -> None:
    item = pack.intervention("accredited-cbt-custody-high")
    card = intervention_html(pack, item)
    for record in item.evidence:
        assert pack.citation(record.citation_id).title.replace("'", "&#x27;") in card
    assert "Unverified" in card  # one of its records is unverified
    assert "EMMIE: Mechanism" in card or "EMMIE: Effect" in card
    toolkit = next(r for r in item.evidence if r.native_rating.scheme != "none")
    assert "College of Policing Crime Reduction Toolkit" in card
    for words in (toolkit.native_rating.effect_label, toolkit.native_rating.quality_label):
        if words:
            assert f"“{words}”" in card  # word for word, quoted
    assert "https://doi.org/" in card


def test_harm_flag_and_reason_lead_the_card(pack: EvidencePack) -> None:
    card = intervention_html(pack, pack.intervention("scared-straight"))
    assert "Possible harm: never recommended." in card
    assert "Increases offending (Petrosino et al. 2013)." in card
    assert "Harmful" in card


# --- the recommendations tab's lists ------------------------------------------------------
def test_recommendations_are_listed_best_first_with_evidence_dots(
    result: RecommendationResult,
) -> None:
    model = RecommendationsModel()
    model.set_rows(recommendation_rows(result))
    rows = model.display_rows()
    assert rows[0][:2] == ["1", "Take-home naloxone on release"]
    assert rows[0][2:5] == ["Drugs and alcohol", "Through the gate", "Low"]
    # The ranking's evidence strength in the reason text's words, not a quality word.
    assert rows[0][5] == "●○○○  1 of 4"
    by_id = {r.item.intervention_id: r for r in recommendation_rows(result)}
    for row in by_id.values():
        if row.strength == 0:
            assert row.strength_words.startswith("None on reoffending")
            assert "no record shows less reoffending" in row.strength_explanation
    assert rows[1][1] == "Opioid substitution treatment continued through release"
    assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1))
    for row in rows:
        for cell in row:
            assert not RAW_CODE.search(cell), cell


def test_plan_marks_say_accepted_or_in_plan(result: RecommendationResult) -> None:
    plan = PlanView(
        person_id=1,
        person_name="Test",
        release_date=None,
        sentence_date=None,
        current=PlanVersion(
            person_id=1,
            actions=(
                PlanAction(
                    pathway=Pathway.DRUGS_ALCOHOL,
                    what="Naloxone kit and training",
                    source=ActionSource(recommendation_intervention_id="naloxone-on-release"),
                ),
            ),
        ),
        revision=1,
        versions=(),
        accepted_interventions=("naloxone-on-release", "id-documents"),
    )
    marks = plan_marks(plan)
    assert marks == {"naloxone-on-release": PlanMark.IN_PLAN, "id-documents": PlanMark.ACCEPTED}
    model = RecommendationsModel()
    model.set_rows(recommendation_rows(result, marks))
    plan_column = model.columnCount() - 1
    texts = {
        model.row_at(r).item.intervention_id: model.data(model.index(r, plan_column))
        for r in range(model.rowCount())
    }
    assert texts["naloxone-on-release"] == "In plan"
    assert texts["id-documents"] == "Accepted"
    assert texts["opioid-treatment-continuity"] == ""
    assert plan_marks(None) == {}


def test_exclusions_list_every_reason_harmful_first(result: RecommendationResult) -> None:
    model = ExclusionsModel()
    model.set_rows(exclusion_rows(result))
    rows = model.display_rows()
    names = [r[0] for r in rows]
    assert set(names[:2]) == {
        "Scared Straight and other juvenile awareness programmes",
        "Core Sex Offender Treatment Programme (prison, England and Wales)",
    }
    scared = next(r for r in rows if r[0].startswith("Scared Straight"))
    assert scared[2].startswith("Possible harm")
    assert "Not eligible: age" in scared[2]
    core = model.row_at(names.index(rows[0][0]))
    html = exclusion_html(core)
    assert "Possible harm" in html
    assert all(not RAW_CODE.search(cell) for row in rows for cell in row)


def test_a_low_risk_person_sees_the_risk_intensity_mismatch() -> None:
    result = recommend(
        _profile(
            risk_level=RiskLevel.LOW,
            needs={
                Pathway.ATTITUDES_THINKING_BEHAVIOUR: PathwayNeed(
                    severity=NeedSeverity.HIGH, criminogenic=True
                )
            },
        ),
        load_embedded_pack(),
    )
    model = ExclusionsModel()
    model.set_rows(exclusion_rows(result))
    high = next(r for r in model.display_rows() if r[0].startswith("High-intensity"))
    assert "Too intensive for the risk level" in high[2]
    assert "Not eligible: risk level" in high[2]


def test_an_item_ruled_out_by_a_flag_names_the_flag_in_the_table() -> None:
    result = recommend(
        _profile(flags=(ProfileFlag.NO_RIGHT_TO_WORK, ProfileFlag.NO_RECOURSE_TO_PUBLIC_FUNDS)),
        load_embedded_pack(),
    )
    model = ExclusionsModel()
    model.set_rows(exclusion_rows(result))
    reasons = {r[0]: r[2] for r in model.display_rows()}
    assert "Ruled out: no right to work" in reasons["Transitional jobs programme"]
    assert any("Ruled out: no recourse to public funds" in text for text in reasons.values())
    assert not any("a case flag" in text for text in reasons.values())


def test_recommendation_card_explains_score_terms_and_evidence(
    result: RecommendationResult,
) -> None:
    first = result.recommendations[0]
    html = recommendation_html(first, result.notes)
    assert "Why it is on the list, and in this place" in html
    assert "Opioid safety: naloxone" in html
    for label in ("Need", "Evidence strength", "Continuity", "Risk / intensity fit"):
        assert label in html
    assert "Bird SM" in html
    assert "doi:10.1111/add.13265</a>" in html
    assert "Delivery advice" in html
    ids = recommendation_html(
        next(r for r in result.recommendations if r.intervention_id == "id-documents"),
        result.notes,
    )
    assert "Finance and ID" in ids and "Evidence gap" in ids  # the pathway's evidence gap


def test_notes_summary_names_pathways_with_gaps(result: RecommendationResult) -> None:
    text = notes_summary(result.notes)
    assert "Finance and ID (evidence gap)" in text
    assert notes_summary(()) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("for risk levels high, very_high; this person is low", "for risk levels high, very high"),
        ("Only relevant with the flag no_bank_account.", "the flag no bank account."),
        ("(beneficial_some_harm)", "(beneficial, with some harm)"),
        ("not for offence theft_non_motor", "not for offence Theft (non-motor)"),
    ],
)
def test_engine_sentences_lose_their_codes(text: str, expected: str) -> None:
    assert expected in readable(text)


def test_dots() -> None:
    assert dots(0) == "○○○○"
    assert dots(4) == "●●●●"
    assert dots(0.25) == "◐○○○"
    assert dots(2.5) == "●●○○"  # banker's rounding: 2
