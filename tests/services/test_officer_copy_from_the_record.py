"""The officer's copy printed from a person's record, not from a hand-made document (issue 17,
"the officer's copy"): the actions in due-date order within each pathway as saved in another
order, the evidence of an accepted intervention that is also an action's source printed once,
ratings in the scheme's own words, an unconfirmed risk level said plainly, and the
communication needs from the person's profile near the top."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from resettle.domain import clock
from resettle.domain.pathways import Pathway
from resettle.domain.plan import ActionOwner, DueDate, PlanAction
from resettle.domain.record_parts import RecordPart
from resettle.evidence import load_embedded_pack
from resettle.reports import render_officer_plan
from resettle.services.case_record import needs
from resettle.services.case_record.read import open_case_record
from resettle.services.people import register_person
from resettle.services.plans import edit
from resettle.services.plans.printing import plan_document
from resettle.services.recommendations import accept_recommendation, recommend_for_person
from resettle.services.workspace import Workspace
from tests.factories import person_data
from tests.reports.conftest import pdf_pages

TODAY = clock.today()
PACK = load_embedded_pack().pack
A, H = Pathway.ACCOMMODATION, Pathway.HEALTH


def _action(pathway: Pathway, what: str, days: int) -> PlanAction:
    return PlanAction(
        pathway=pathway, what=what, owner=ActionOwner.PROBATION, due=DueDate.relative(days)
    )


#: Saved in this order; printed in the order of `IN_ORDER`.
SAVED = (
    _action(H, "Health four weeks after", 28),
    _action(A, "Housing two weeks after", 14),
    _action(H, "Health two weeks before", -14),
    _action(A, "Housing three weeks before", -21),
    _action(H, "Health one week after", 7),
)
IN_ORDER = (
    "Housing three weeks before",
    "Housing two weeks after",
    "Health two weeks before",
    "Health one week after",
    "Health four weeks after",
)


def _rated(intervention_id: str) -> bool:
    return any(r.native_rating.printed_words() for r in PACK.intervention(intervention_id).evidence)


@pytest.fixture
def accepted(workspace: Workspace, person_id: int) -> list[str]:
    """The person's recommendations with a rated finding, and one without any."""
    recommended = [
        r.intervention_id
        for r in recommend_for_person(workspace.actor, workspace.uow(), person_id).recommendations
    ]
    rated = [i for i in recommended if _rated(i)]
    unrated = [i for i in recommended if not _rated(i)]
    assert rated and unrated, recommended
    return [*rated, unrated[0]]


@pytest.fixture
def person_id(workspace: Workspace) -> int:
    """Someone with family and mentoring needs (rated interventions follow them), needing an
    interpreter, and with no risk level confirmed."""
    me, uow = workspace.actor, workspace.uow
    person_id = register_person(
        workspace.actor,
        workspace.uow(),
        person_data(
            release_date=TODAY + dt.timedelta(days=40),
            licence_end_date=TODAY + dt.timedelta(days=400),
            preferred_language="Polish",
            interpreter_needed=True,
            learning_disability=True,
        ),
    ).id
    for pathway in (Pathway.CHILDREN_FAMILIES_COMMUNITIES, Pathway.ATTITUDES_THINKING_BEHAVIOUR):
        revision = open_case_record(me, uow(), person_id).revision(RecordPart.NEEDS)
        need = {"pathway": pathway.value, "status": "support_required", "severity": "high"}
        needs.save_pathway_need(
            me, uow(), person_id, revision, {**need, "linked_to_offending": True}
        )
    return person_id


@pytest.fixture
def printed(workspace: Workspace, person_id: int, accepted: list[str]) -> str:
    me, uow = workspace.actor, workspace.uow
    edit.save_plan(me, uow(), person_id, None, list(SAVED))
    # Accepted with a plan in place: an action now stands for each too, so the document asks
    # for their evidence twice (as an action's source and as accepted).
    for intervention_id in accepted:
        accept_recommendation(me, uow(), person_id, intervention_id)
    document = plan_document(me, uow(), person_id)
    assert len([a for a in document.actions if a.what not in IN_ORDER]) >= len(accepted)
    return " ".join(" ".join(pdf_pages(render_officer_plan(document))).split())


def test_actions_print_in_due_date_order_within_each_pathway(printed: str) -> None:
    positions = [printed.index(what) for what in IN_ORDER]
    assert positions == sorted(positions)


def _start(citation_id: str) -> str:
    """A citation's first words, as printed."""
    return " ".join(PACK.citation(citation_id).formatted().split()[:5])


def test_each_evidence_record_of_the_accepted_interventions_is_printed_once(
    printed: str, accepted: list[str]
) -> None:
    """Each is an action's source and accepted too; a study behind two records (two
    findings) is printed once for each of them."""
    records = {r.id: r for i in accepted for r in PACK.intervention(i).evidence}
    records_citing = Counter(_start(r.citation_id) for r in records.values())
    assert len(records_citing) >= 4
    for start, count in records_citing.items():
        assert printed.count(start) == count, start


def test_ratings_read_as_the_scheme_words_them(printed: str, accepted: list[str]) -> None:
    said = [
        w
        for i in accepted
        for r in PACK.intervention(i).evidence
        for w in r.native_rating.printed_words()
    ]
    assert len(said) >= 3
    for words in said:
        assert " ".join(words.split()) in printed, words
    assert "Not rated" in printed  # the unrated findings
    assert '"none"' not in printed.lower() and "none none" not in printed.lower()


def test_an_unconfirmed_risk_level_says_not_yet_confirmed(printed: str) -> None:
    assert "Confirmed risk level Not yet confirmed" in printed
    assert "(not yet confirmed" not in printed.lower()


def test_the_communication_needs_from_the_profile_come_before_the_risk(printed: str) -> None:
    assert "Interpreter Needed: Polish" in printed
    assert "Preferred language Polish" in printed
    assert "Learning disability or difficulty Yes" in printed
    assert printed.index("Communication needs") < printed.index("Risk")
    assert printed.index("Communication needs") < printed.index(IN_ORDER[0])
