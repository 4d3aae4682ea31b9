"""An appointment the plan lists (a referral's, with its time and place) is said once on the
person's copy: the action made from the referral ("Go to your first housing support
appointment") is left out of their actions; the officer's copy keeps both."""

from __future__ import annotations

import datetime as dt
import re

from resettle.domain import clock
from resettle.reports import render_officer_plan, render_person_plan, render_person_plan_html
from resettle.services.case_record import aftercare
from resettle.services.people import register_person
from resettle.services.plans import edit
from resettle.services.plans.printing import plan_document
from resettle.services.workspace import Workspace
from tests.factories import housing_referral, person_data
from tests.reports.conftest import pdf_pages

TODAY = clock.today()
RELEASE = TODAY + dt.timedelta(days=30)
GO = "Go to your first housing support appointment"
OTHER = "Bring your tenancy papers to the housing office"


def _flat(pages: list[str]) -> str:
    return " ".join(" ".join(pages).split())


def _document(workspace: Workspace, appointment: dt.date | None):  # type: ignore[no-untyped-def]
    me, uow = workspace.actor, workspace.uow
    person_id = register_person(
        me, uow(), person_data(release_date=RELEASE, sentence_date=dt.date(2024, 2, 1))
    ).id
    referral = {**housing_referral(workspace), "appointment_date": appointment}
    referral_id = aftercare.add_referral(me, uow(), person_id, referral)
    action = {"pathway": "accommodation", "owner": "person"}
    edit.save_plan(
        me,
        uow(),
        person_id,
        None,
        [
            {
                **action,
                "what": GO,
                "due": {"kind": "absolute", "on": (appointment or RELEASE).isoformat()},
                "source": {"aftercare_referral_id": referral_id},
            },
            {**action, "what": OTHER, "due": {"kind": "relative", "offset_days": 3}},
        ],
    )
    return plan_document(me, uow(), person_id)


def test_a_listed_appointment_is_said_once(workspace: Workspace) -> None:
    doc = _document(workspace, RELEASE + dt.timedelta(days=6))
    assert [a.appointment for a in doc.actions] == [True, False]
    for text in (
        _flat(pdf_pages(render_person_plan(doc))),
        _flat(pdf_pages(render_person_plan(doc, large_print=True))),
        _flat([re.sub("<[^>]+>", "", render_person_plan_html(doc).decode("utf-8"))]),
    ):
        assert GO not in text and OTHER in text
        assert "Housing support, at Harbour" in text  # under the appointments
    assert GO in _flat(pdf_pages(render_officer_plan(doc)))


def test_an_action_whose_referral_has_no_appointment_stays(workspace: Workspace) -> None:
    doc = _document(workspace, None)
    assert [a.appointment for a in doc.actions] == [False, False]
    assert GO in _flat(pdf_pages(render_person_plan(doc)))
