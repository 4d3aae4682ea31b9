"""The officer's copy without slips (issue 17): actions in due-date order within each pathway,
each finding once, ratings in the scheme's words, an unconfirmed level said plainly, and the
communication needs near the top."""

from __future__ import annotations

from datetime import date

from resettle.domain.pathways import Pathway
from resettle.domain.plan import ActionOwner, DuePhrase
from resettle.domain.plan_document import (
    ActionLine,
    CommunicationNeeds,
    EvidenceBasis,
    PlanDocument,
    RiskSummary,
    by_pathway_then_due,
    canonical_json,
    snapshot_sha256,
)
from resettle.evidence import load_embedded_pack
from resettle.reports import render_officer_plan
from resettle.reports.samples import sample_plan_document
from resettle.services.plans.document import evidence_basis
from tests.reports.conftest import pdf_pages

H, A = Pathway.HEALTH, Pathway.ACCOMMODATION


def _text(doc: PlanDocument) -> str:
    return " ".join("\n".join(pdf_pages(render_officer_plan(doc))).split())


def _action(pathway: Pathway, what: str, due_on: date | None, days: int = 0) -> ActionLine:
    phrase = DuePhrase.ON_DATE if due_on else DuePhrase.NO_DATE
    if days:
        phrase = DuePhrase.DAYS_AFTER_RELEASE if days > 0 else DuePhrase.DAYS_BEFORE_RELEASE
    return ActionLine(
        pathway=pathway,
        what=what,
        owner=ActionOwner.PROBATION,
        due_on=due_on,
        due_phrase=phrase,
        due_days=abs(days),
    )


SHUFFLED = (
    _action(H, "Health no date", None),
    _action(H, "Health late", date(2025, 4, 1)),
    _action(A, "Housing second", date(2025, 3, 20)),
    _action(H, "Health early", date(2025, 3, 1)),
    _action(A, "Housing first", date(2025, 3, 2)),
    _action(H, "Health early too", date(2025, 3, 1)),
)
IN_ORDER = [
    "Housing first",
    "Housing second",
    "Health early",
    "Health early too",  # the same day: the officer's order is kept
    "Health late",
    "Health no date",
]


def test_actions_are_in_due_date_order_within_each_pathway_no_date_last() -> None:
    assert [a.what for a in by_pathway_then_due(SHUFFLED)] == IN_ORDER


def test_without_a_release_date_relative_actions_go_by_their_days() -> None:
    actions = (
        _action(H, "After", None, days=7),
        _action(H, "None", None),
        _action(H, "Before", None, days=-14),
    )
    assert [a.what for a in by_pathway_then_due(actions)] == ["Before", "After", "None"]


def test_the_printed_actions_table_is_in_that_order() -> None:
    text = _text(sample_plan_document().model_copy(update={"actions": SHUFFLED}))
    positions = [text.index(f" {what} ") for what in IN_ORDER]
    assert positions == sorted(positions)
    assert text.index("1 Accommodation Housing first") >= 0


def test_a_study_behind_two_accepted_interventions_is_printed_once() -> None:
    pack = load_embedded_pack()
    rows = evidence_basis(pack, [i.id for i in pack.pack.interventions])
    shared = next(r for r in rows if "\n" in r.intervention)
    ids = [i.id for i in pack.pack.interventions if i.name in shared.intervention.split("\n")]
    # Accepted twice, and one of them an action's source as well.
    evidence = evidence_basis(pack, [*ids, ids[0], *ids])
    text = _text(sample_plan_document().model_copy(update={"evidence": evidence}))
    start = " ".join(shared.citation.split()[:6])
    assert text.count(start) == 1
    for name in shared.intervention.split("\n"):
        assert name in text


def test_ratings_read_as_the_scheme_words_them_and_not_rated_says_so() -> None:
    old_style = EvidenceBasis(  # as a plan issued before held it
        intervention="Family visits", rating='"none"', scheme="none", quality=1, citation="C1."
    )
    unrated = EvidenceBasis(
        intervention="Mentoring", rating="", scheme="", quality=0, citation="C2."
    )
    doc = sample_plan_document()
    text = _text(doc.model_copy(update={"evidence": (*doc.evidence, old_style, unrated)}))
    assert text.count("Not rated") == 2
    assert "none" not in text.lower().replace("none recorded", "")
    assert "Effect: Overall reduction Quality: Strong College of Policing" in text


def test_an_unconfirmed_level_says_not_yet_confirmed() -> None:
    doc = sample_plan_document()
    risk = RiskSummary(band="Low", confirmed_level="Not yet confirmed")
    text = _text(doc.model_copy(update={"risk": risk}))
    assert "Confirmed risk level Not yet confirmed" in text
    assert "(not yet confirmed" not in text.lower()


def test_communication_needs_come_right_after_the_person() -> None:
    needs = CommunicationNeeds(
        preferred_language="Polish", interpreter_needed=True, learning_disability=True
    )
    text = _text(sample_plan_document().model_copy(update={"communication": needs}))
    assert "Interpreter Needed: Polish" in text
    assert "Preferred language Polish" in text
    assert "Learning disability or difficulty Yes" in text
    assert text.index("Key worker") < text.index("Communication needs") < text.index("Risk")


def test_no_needs_say_so_and_an_unknown_language_is_named_missing() -> None:
    needs = CommunicationNeeds(interpreter_needed=True)
    text = _text(sample_plan_document().model_copy(update={"communication": needs}))
    assert "Interpreter Needed: language not recorded" in text
    assert "Preferred language Not recorded" in text
    assert "Learning disability or difficulty None recorded" in text


def test_a_plan_issued_before_keeps_its_fingerprint_and_prints_without_the_section() -> None:
    doc = sample_plan_document().model_copy(update={"communication": None})
    assert "communication" not in canonical_json(doc)
    with_needs = doc.model_copy(update={"communication": CommunicationNeeds()})
    assert snapshot_sha256(with_needs) != snapshot_sha256(doc)
    assert "Communication needs" not in _text(doc)
