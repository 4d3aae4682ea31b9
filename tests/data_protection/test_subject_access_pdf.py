"""The subject access PDF read back as text: written for the person and the officer checking it
(the screens' words, not codes; the audit as sentences; only what may name others marked for
review; no date line without dates; page numbers and whose record on every page)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Mapping
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Spacer

from resettle.domain import clock
from resettle.domain.pathways import Pathway
from resettle.domain.plan import ActionOwner, ActionSource, DueDate, PlanAction
from resettle.domain.subject_access import Period
from resettle.reports.page_templates import (
    OFFICIAL_SENSITIVE,
    PageFurniture,
    build_pdf,
    content_width,
)
from resettle.reports.styles import make_styles
from resettle.reports.subject_access import _nested
from resettle.reports.subject_access_fields import Lookups, when_text
from resettle.reports.subject_access_items import Shown as SubjectShown
from resettle.reports.tables import widths_fitting_words
from resettle.reports.text import date_time
from resettle.services.disclosures import record_disclosure
from resettle.services.people import find_person_id
from resettle.services.plans.edit import save_plan
from resettle.services.plans.read import get_plan
from resettle.services.subject_access.content import staff_label
from resettle.services.subject_access.export import export_subject_access
from resettle.services.workspace import Workspace
from resettle.storage.repositories.subject_access import StaffPlaces
from tests.data_protection.full_person import ACTION, PRISON_NUMBER
from tests.data_protection.full_programme import STARTS
from tests.disclosures import TO_MAPPA

MARK = "Review before release"
#: A stored code ("support_required", "opioid_use") or field name ("due_offset_days").
CODE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


def _export(manager: Workspace, period: Period | None = None) -> tuple[dict[str, Any], list[str]]:
    """The JSON content and each page's text (whitespace runs read as one space)."""
    exported = manager.run(export_subject_access, PRISON_NUMBER, period or Period())
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(exported.pdf)).pages]
    return json.loads(exported.json_text)["content"], pages


def test_fields_and_codes_read_as_the_screens_write_them(recorded: Workspace) -> None:
    content, pages = _export(recorded)
    text = " ".join(pages)
    assert CODE.findall(text) == []
    for words in (
        "Support required",  # a pathway's status
        "Linked to offending",  # the form's label for the field
        "Risk to the public",
        "Opioid use at release",  # a risk flag
        "GP registration",  # an essential
        "Housing support",  # a referral's service
        "Status history",
        "7 days before release",  # a plan action's due date
        "Added by staff",
        "Recommendation",
        "Keep the record until the next review",  # a retention review's decision
        "Official OGRS3 recorded from OASys",  # the score a confirmed risk level used
    ):
        assert words in text, words
    for internal in ("Due kind", "Position", "Due offset", "Source referral", "Intervention id"):
        assert internal not in text
    # Dates as the app prints them, never ISO.
    release = dt.date.fromisoformat(content["profile"]["release_date"])
    assert f"{release.day} {release:%b %Y}" in text
    assert content["profile"]["release_date"] not in text


def test_audit_rows_are_sentences_not_codes_or_json(recorded: Workspace) -> None:
    recorded.run(record_disclosure, recorded.run(find_person_id, PRISON_NUMBER), TO_MAPPA)
    content, pages = _export(recorded)
    text = " ".join(pages)
    assert "{" not in text and "}" not in text
    for action in {row["action"] for row in content["audit"]}:
        assert action not in text
    assert "Disclosed to MAPPA panel. Why: MAPPA meeting: L2." in text
    assert "Opened the record." in text
    assert "Closed the case." in text
    assert "Changed who may see the record: excluded staff: Probation officer, Test team" in text
    assert "Excluded staff (never reach them)" in text


def _flagged(value: Any) -> int:
    """How many fields (not nested lists) the content marks for review, everywhere in it."""
    if isinstance(value, list):
        return sum(_flagged(v) for v in value)
    if not isinstance(value, Mapping):
        return 0
    own = [k for k in value.get("review_before_release", ()) if not isinstance(value[k], list)]
    return len(own) + sum(_flagged(v) for k, v in value.items() if k != "review_before_release")


def test_only_what_may_name_other_people_is_marked(recorded: Workspace) -> None:
    content, pages = _export(recorded)
    first_plan = content["plans"][0]["actions"]
    typed = next(a for a in first_plan if a["what"] == ACTION["what"])
    made = next(a for a in first_plan if a["source_intervention_id"])
    assert typed["review_before_release"] == ["what"]
    assert "review_before_release" not in made
    assert "review_before_release" not in content["risk_flags"][0]
    # Each flagged field is marked once in the PDF, and nothing else is (the notice at the top
    # names the mark once).
    text = " ".join(pages)
    assert text.count(MARK) == _flagged(content) + 1


def test_no_date_line_without_dates_and_the_dates_when_given(recorded: Workspace) -> None:
    _content, pages = _export(recorded)
    assert "Covers Everything held" in pages[0]
    for no_dates in ("00:00", "open to", "Period", "end of To"):
        assert no_dates not in pages[0]
    today = clock.today()
    start = today - dt.timedelta(days=30)
    _content, pages = _export(recorded, Period(start=start, end=today))
    span = f"from {start.day} {start:%b %Y} to {today.day} {today:%b %Y} (both days included)"
    assert span in pages[0]


def test_every_page_is_numbered_and_names_whose_record_it_is(recorded: Workspace) -> None:
    _content, pages = _export(recorded)
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert f"Zoë Ní Bhriain · {PRISON_NUMBER}" in page
    assert "This document is a copy of the personal information Resettle" in pages[0]


@pytest.mark.usefixtures("system_day")
def test_empty_sections_say_none_held(recorded: Workspace) -> None:
    tomorrow = clock.today() + dt.timedelta(days=1)
    content, pages = _export(recorded, Period(start=tomorrow))
    text = " ".join(pages)
    assert content["notes"] == [] and content["audit"] == []
    assert "Case notes (corrections included) None held." in text
    assert "Who viewed, printed, exported or changed this record None held." in text


def test_a_member_of_staff_in_many_places_is_named_with_one_and_a_count() -> None:
    places = StaffPlaces()
    places.roles = {1: {"manager"}, 2: {"manager"}}
    places.places = {1: ["Leeds PDU", "HMP Leeds"], 2: ["Leeds PDU", "York PDU", "HMP Leeds"]}
    assert staff_label(places, 1) == "Manager, Leeds PDU, HMP Leeds"
    assert staff_label(places, 2) == "Manager, Leeds PDU (and 2 other teams or prisons)"


def test_a_recommended_actions_wording_edited_by_staff_is_marked(
    workspace: Workspace, recorded: Workspace
) -> None:
    """The app's wording of an action made from a recommendation (here the wording of the
    essential it stands for) is not marked; the same action once staff have typed in it is
    (the typed words may name someone)."""
    content, _ = _export(recorded)
    made = next(a for a in content["plans"][0]["actions"] if a["source_intervention_id"])
    pid = workspace.run(find_person_id, PRISON_NUMBER)
    view = workspace.run(get_plan, pid)
    assert view.current is not None
    as_made = PlanAction(
        pathway=Pathway(made["pathway"]),
        what=made["what"],
        owner=ActionOwner.PROBATION,
        due=DueDate.relative(14),
        source=ActionSource(
            essential_kind=made["source_essential_kind"],
            recommendation_intervention_id=made["source_intervention_id"],
        ),
    )
    edited = as_made.model_copy(update={"what": f"{made['what']}, with her brother Tom"})
    workspace.run(save_plan, pid, view.revision, [*view.current.actions, as_made, edited])

    content, _ = _export(recorded)

    current = content["plans"][-1]["actions"]
    flags = {a["what"]: a.get("review_before_release") for a in current}
    assert flags[as_made.what] is None
    assert flags[edited.what] == ["what"]


def test_programme_attendance_reads_as_the_sessions_the_person_knew(
    recorded: Workspace,
) -> None:
    """User trial: the attendance rows gave internal ids (session, place in the group,
    referral). They name the programme, the group, the session and when it ran, the mark and
    who recorded it, in the register's words; the JSON keeps the same, not the ids."""
    content, pages = _export(recorded)
    first = content["programme_attendance"][0]
    assert first["session"] == {
        "programme": "Building Choices: high intensity",
        "group": "FULL-1",
        "session": "Session 1",
        "starts_at": STARTS.isoformat(),
        "ends_at": (STARTS + dt.timedelta(hours=1)).isoformat(),
    }
    assert "session_id" not in first and "group_place" not in first
    assert content["one_to_one_sessions"][0]["session"]["session"] == "Session 2"
    text = " ".join(pages)
    section = text[text.index("Programme sessions attended or missed") :]
    section = section[: section.index("Officers who held the case")]
    ends = STARTS + dt.timedelta(hours=1)
    when = f"{date_time(STARTS.astimezone())} to {ends.astimezone():%H:%M}"
    for words in (
        "Building Choices: high intensity: Session 1",  # each mark's heading
        "Programme Building Choices: high intensity",
        "Group FULL-1",
        f"When {when}",
        "Attendance Attended and complied",
        "Correction of an earlier mark No",
        "Recorded by Programme team",
        "One-to-one programme sessions arranged Building Choices: high intensity: Session 2",
    ):
        assert words in section, words
    for internal in ("session 1 ", "session 2 ", "Place in the group", "Referral", "Id "):
        assert internal not in section, internal


def test_programme_history_names_its_source_and_the_entry_a_correction_corrects(
    recorded: Workspace,
) -> None:
    content, pages = _export(recorded)
    text = " ".join(pages)
    first, _correction = content["programme_history"]
    assert "Came from Recorded" in text
    assert f"Corrects entry The entry recorded {when_text(first['recorded_at'])}" in text
    assert "Supersedes" not in text and "Referral id" not in text


def test_outcome_checks_read_in_words_and_a_correction_names_the_check(
    recorded: Workspace,
) -> None:
    content, pages = _export(recorded)
    text = " ".join(pages)
    night = content["outcome_checks"][0]
    for words in (
        "Outcome checks after release (corrections included)",
        "First night after release",
        "Accommodation Other housed (transient)",
        "Employment Employed",
        f"Corrects check The check recorded {when_text(night['recorded_at'])}",
    ):
        assert words in text, words
    assert "other_housed" not in text and "Supersedes" not in text


def test_table_headings_are_never_split_inside_a_word(recorded: Workspace) -> None:
    """User trial: the programme referral's status history printed "Categor y" and
    "Overrid e reason" (columns narrower than their headings' words)."""
    _content, pages = _export(recorded)
    text = " ".join(pages)
    assert "Status history From status To status Category Reason Override reason Notes" in text
    assert "Categor y" not in text and "Overrid e" not in text


def test_column_widths_fit_every_heading_word_and_keep_the_rest_in_proportion() -> None:
    styles = make_styles()
    width = 400.0
    headers = ["From status", "To status", "Category", "Reason", "Override reason", "Notes"]
    fractions = (0.2, 0.2, 0.05, 0.05, 0.05, 0.45)
    fitted = widths_fitting_words(headers, [], fractions, styles, total_width=width)
    assert sum(fitted) == pytest.approx(1.0)
    for header, share in zip(headers, fitted, strict=True):
        for word in header.split():
            needed = stringWidth(word, styles.head_cell.fontName, styles.cell.fontSize)
            assert share * width >= needed, header
    # The columns that had room keep their proportions to each other.
    assert fitted[0] / fitted[5] == pytest.approx(0.2 / 0.45)
    assert fitted[0] < 0.2  # and gave up width to the narrow ones
    # Fractions that already fit are kept as they are.
    wide = (0.15, 0.15, 0.15, 0.15, 0.2, 0.2)
    assert widths_fitting_words(headers, [], wide, styles, total_width=width) == pytest.approx(wide)


def test_a_tables_title_is_never_left_alone_at_the_foot_of_a_page() -> None:
    """User trial: a referral's "Status history" title ended a page, its table on the next.
    Wherever the table falls, its title is on the page with its column headings and first
    row."""
    styles = make_styles()
    furniture = PageFurniture(OFFICIAL_SENSITIVE, "Subject access request", "Test", "")
    width = content_width(furniture)
    height = A4[1] - 2 * furniture.band - 7 * mm
    row = {
        "id": 1,
        "from_status": "draft",
        "to_status": "submitted",
        "category": None,
        "reason": None,
        "override_reason": "override_missing_information",
        "notes": "Need items not yet recorded on the Risk tab; to be done at the next review.",
        "moved_by": "Programme team, HMP Leeds",
        "moved_at": "2026-11-02T09:00:00+00:00",
        "seconds_at_previous": 60,
        "corrects": None,
    }
    nested = _nested("programmes.history", [row, row], SubjectShown({}, Lookups()), styles, width)
    for room in range(20, 160, 10):
        story = [Spacer(1, height - room), *nested]
        pages = [
            " ".join(p.extract_text().split())
            for p in PdfReader(
                io.BytesIO(build_pdf(story, furniture, title="t", subject="s"))
            ).pages
        ]
        (titled,) = [p for p in pages if "Status history" in p]
        assert "From status" in titled and "Need items not yet" in titled, room


def test_why_a_mark_was_corrected_is_exported_for_review(recorded: Workspace) -> None:
    """A correction's "why corrected" is typed text about the person: in the export, marked
    for review, and in the PDF under the register's words."""
    from sqlalchemy import select

    from resettle.storage.tables.programme_attendance import ProgrammeAttendanceRow

    why = "Marked present by mistake: was at court"
    with recorded.uow() as uow:
        first = uow.session.scalars(
            select(ProgrammeAttendanceRow).order_by(ProgrammeAttendanceRow.id)
        ).first()
        assert first is not None
        uow.session.add(
            ProgrammeAttendanceRow(
                session_id=first.session_id,
                member_id=first.member_id,
                referral_id=first.referral_id,
                person_id=first.person_id,
                mark_number=2,
                outcome="acceptable_absence",
                absence_reason="legal_visit_or_court",
                note="",
                correction_reason=why,
                recorded_by_id=first.recorded_by_id,
                recorded_at=first.recorded_at,
            )
        )
        uow.commit()
    content, pages = _export(recorded)
    (corrected,) = [m for m in content["programme_attendance"] if m["mark_number"] == 2]
    assert corrected["correction_reason"] == why
    assert "correction_reason" in corrected["review_before_release"]
    firsts = [m for m in content["programme_attendance"] if m["mark_number"] == 1]
    assert all(m["correction_reason"] is None for m in firsts)
    text = " ".join(pages)
    assert f"Why corrected {why}" in text
