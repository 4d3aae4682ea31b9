"""The person's copy names a phone to call beside "If you are lost or late": the officer's own,
else their team's office; the office's address says where to go; a helper without a number
says so; and release-day essentials that are "not needed" are left out of the person's copy
(PDF and HTML) while the officer's copy keeps them."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from resettle.domain.plan_document import CHECKLIST_NOT_NEEDED, AftercareContact, PlanDocument
from resettle.reports import person_plan_words as words
from resettle.reports import render_officer_plan, render_person_plan, render_person_plan_html
from resettle.reports.samples import sample_plan_document
from tests.reports.conftest import pdf_pages

EMAIL = "lukasz.nowak@probation.example.gov.uk"
OFFICE = {
    "office_name": "Leeds PDU",
    "office_phone": "0113 496 0583",
    "office_address": "Probation Office\n27 Calder Row\nLeeds LS2 9ZZ",
}


def _doc(**person: str) -> PlanDocument:
    doc = sample_plan_document()
    return doc.model_copy(update={"person": doc.person.model_copy(update=person)})


def _person_text(doc: PlanDocument) -> str:
    return " ".join(" ".join(pdf_pages(render_person_plan(doc))).split())


def _html_text(doc: PlanDocument) -> str:
    html = render_person_plan_html(doc).decode()
    html = re.sub(r"</?(b|strong|bdi)>", "", html)  # inline: no space where it ends
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _lost_or_late(text: str) -> str:
    found = re.search(r"If you are lost or late[^.]*\.|[^.]*so you can call if you are lost", text)
    assert found is not None, "the lost-or-late sentence is missing"
    return found.group(0)


@pytest.mark.parametrize("text_of", [_person_text, _html_text], ids=["pdf", "html"])
def test_with_an_officer_phone_the_person_is_told_to_call_it(text_of) -> None:  # type: ignore[no-untyped-def]
    text = text_of(_doc(officer_phone="0113 496 0000", **OFFICE))
    assert "call them on 0113 496 0000" in _lost_or_late(text)
    assert f"Call or write to: 0113 496 0000 · {EMAIL}" in text
    assert (
        "Your probation office (Leeds PDU) is at Probation Office, 27 Calder Row, Leeds LS2 9ZZ"
        in text
    )


@pytest.mark.parametrize("text_of", [_person_text, _html_text], ids=["pdf", "html"])
def test_without_an_officer_phone_the_office_phone_is_given(text_of) -> None:  # type: ignore[no-untyped-def]
    text = text_of(_doc(officer_contact=EMAIL, officer_phone="", **OFFICE))
    sentence = _lost_or_late(text)
    assert "call your probation office on 0113 496 0583" in sentence
    assert EMAIL not in sentence
    assert f"Contact them: {EMAIL}" in text
    assert "Call or write to" not in text  # no phone of the officer's to call
    assert "Your probation office Leeds PDU 0113 496 0583" in text  # the "Who can help" row


def test_with_no_phone_at_all_call_never_sits_beside_an_email_alone() -> None:
    doc = _doc(officer_contact=EMAIL, officer_phone="")
    text = _person_text(doc)
    assert "If you are lost or late, call" not in text
    assert "Ask for one before you leave, so you can call if you are lost or late" in text
    assert f"Your probation officer Łukasz Nowak {EMAIL}" in text
    assert not any("probation office" in s.template for s in words.where_to_go(doc))


def test_a_helper_without_a_phone_or_name_says_so() -> None:
    doc = _doc(officer_contact="", officer_phone="").model_copy(
        update={"aftercare": (AftercareContact(provider="Harbour Housing Trust"),)}
    )
    rows = {row.who: row for row in words.who_can_help(doc)}
    assert rows["Harbour Housing Trust"].name == words.NO_NAME
    assert rows["Harbour Housing Trust"].reach == words.NO_NUMBER
    assert rows["Your probation officer"].reach == words.NO_NUMBER
    text = _person_text(doc)
    assert "No phone number known yet: ask your probation officer" in text
    with_phone = doc.model_copy(
        update={"aftercare": (AftercareContact(provider="Harbour", phone="01632 960101"),)}
    )
    assert "01632 960101" in _html_text(with_phone)


def test_not_needed_essentials_are_left_out_of_the_persons_copy_only() -> None:
    doc = sample_plan_document()
    checklist = tuple(
        item.model_copy(update={"status": CHECKLIST_NOT_NEEDED, "done": False})
        if item.essential == "Naloxone"
        else item
        for item in doc.checklist
    )
    doc = doc.model_copy(update={"checklist": checklist})
    for text in (_person_text(doc), _html_text(doc)):
        assert "Naloxone" not in text and "not needed" not in text.lower()
        assert "Bank account: not yet arranged" in text  # what applies is still shown
    officer = " ".join(" ".join(pdf_pages(render_officer_plan(doc))).split())
    assert "Naloxone" in officer and "Not needed" in officer


def test_an_older_snapshot_keeps_its_fingerprint() -> None:
    """A plan issued before the office fields existed reads back with them empty: they are
    left out of the canonical JSON then, so its hash is what it was."""
    from resettle.domain.plan_document import canonical_json

    older = _doc(officer_phone="")
    assert '"officer_phone"' not in canonical_json(older)
    assert '"office_' not in canonical_json(older)
    newer = _doc(officer_phone="0113 496 0000", **OFFICE)
    assert '"office_phone":"0113 496 0583"' in canonical_json(newer)


def test_the_key_worker_is_listed_only_while_the_person_is_inside() -> None:
    """ "Ask at the wing office" is no help once the person has left (code-blind trial)."""
    inside = sample_plan_document()  # printed 12 Feb, release 14 Mar 2025
    assert "Your key worker" in [row.who for row in words.who_can_help(inside)]
    after = inside.model_copy(update={"printed_at": dt.datetime(2025, 3, 20, 10, tzinfo=dt.UTC)})
    assert "Your key worker" not in [row.who for row in words.who_can_help(after)]
    assert "Your probation officer" in [row.who for row in words.who_can_help(after)]
