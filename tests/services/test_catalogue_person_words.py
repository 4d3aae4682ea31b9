"""A support-need catalogue entry an administrator or manager adds carries the person's words
(a plain title and one sentence), checked when saved; the person's copy prints them in place of
the label, as it does for the default entries. An entry added before they were asked for gets
them with relabel."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from resettle.domain import clock
from resettle.domain.catalogue import CatalogueEntry, check_person_words
from resettle.domain.catalogue_plain import PlainWords
from resettle.domain.errors import ValidationFailed
from resettle.domain.record_parts import RecordPart
from resettle.domain.staff import Actor, Role
from resettle.reports import render_officer_plan, render_person_plan, render_person_plan_html
from resettle.services.case_record import needs
from resettle.services.case_record.read import open_case_record
from resettle.services.catalogue import add_catalogue_entry, list_catalogue, relabel_catalogue_entry
from resettle.services.people import register_person
from resettle.services.plans import edit
from resettle.services.plans.printing import plan_document
from resettle.services.plans.suggestions import suggest_plan_actions
from resettle.services.workspace import Workspace
from tests.factories import person_data
from tests.reports.conftest import pdf_pages

LABEL = "Veterans' housing (SSAFA / Op FORTITUDE referral)"
WORDS = PlainWords(
    "Help for veterans to find a home",
    "We help you find a home if you served in the armed forces.",
)
ENTRY = {"code": "veterans_housing", "pathway": "accommodation", "label": LABEL}


def _manager(workspace: Workspace) -> Actor:
    return Actor(id=workspace.actor.id, username="m", display_name="M", role=Role.MANAGER)


def _flat(text: str) -> str:
    return " ".join(re.sub("<[^>]+>", " ", text).split())


def test_a_new_entry_needs_the_persons_words_and_nothing_is_stored_without(
    workspace: Workspace,
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        add_catalogue_entry(_manager(workspace), workspace.uow(), ENTRY)
    assert [p.field for p in refused.value.problems] == ["plain_title", "plain_sentence"]
    assert "Title for the person" in refused.value.problems[0].message
    catalogue = list_catalogue(workspace.actor, workspace.uow())
    assert catalogue.get("veterans_housing") is None


@pytest.mark.parametrize(
    ("title", "sentence", "field", "said"),
    [
        ("Accredited housing help", WORDS.sentence, "plain_title", "title says 'accredited'"),
        ("SSAFA housing", WORDS.sentence, "plain_title", "acronym 'SSAFA'"),
        (WORDS.title, "Veterans are referred to SSAFA.", "plain_sentence", "acronym 'SSAFA'"),
        (WORDS.title, "It is for veterans.", "plain_sentence", "no 'you'"),
    ],
)
def test_words_that_are_not_plain_are_refused_naming_the_field(
    workspace: Workspace, title: str, sentence: str, field: str, said: str
) -> None:
    data = {**ENTRY, "plain_title": title, "plain_sentence": sentence}
    with pytest.raises(ValidationFailed) as refused:
        add_catalogue_entry(_manager(workspace), workspace.uow(), data)
    problem = refused.value.problems[0]
    assert problem.field == field and said in problem.message
    assert list_catalogue(workspace.actor, workspace.uow()).get("veterans_housing") is None


def test_half_the_words_are_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        CatalogueEntry.model_validate({**ENTRY, "plain_title": WORDS.title})
    assert refused.value.problems[0].field == "plain_sentence"


def test_the_persons_copy_prints_the_administrators_words(workspace: Workspace) -> None:
    manager, me, uow = _manager(workspace), workspace.actor, workspace.uow
    data = {**ENTRY, "plain_title": WORDS.title, "plain_sentence": WORDS.sentence}
    add_catalogue_entry(manager, uow(), data)
    assert list_catalogue(me, uow()).require("veterans_housing").plain == WORDS
    today = clock.today()
    person_id = register_person(
        me,
        uow(),
        person_data(
            release_date=today + dt.timedelta(days=30),
            licence_end_date=today + dt.timedelta(days=400),
            sentence_date=dt.date(2024, 2, 1),
        ),
    ).id
    revision = open_case_record(me, uow(), person_id).revision(RecordPart.NEEDS)
    needs.add_support_need(me, uow(), person_id, revision, {"code": "veterans_housing"})
    suggested = [a for a in suggest_plan_actions(me, uow(), person_id).actions if a.source]
    assert [a.what for a in suggested if a.source.support_need_id] == [LABEL]
    edit.save_plan(me, uow(), person_id, None, suggested)
    document = plan_document(me, uow(), person_id)
    for text in (
        _flat(" ".join(pdf_pages(render_person_plan(document)))),
        _flat(" ".join(pdf_pages(render_person_plan(document, large_print=True)))),
        _flat(render_person_plan_html(document).decode("utf-8")),
    ):
        assert WORDS.title in text and WORDS.sentence in text
        assert "SSAFA" not in text
    assert LABEL in _flat(" ".join(pdf_pages(render_officer_plan(document))))


def test_an_older_entry_gets_its_words_with_relabel(workspace: Workspace) -> None:
    """An entry stored before words were asked for has none until relabel gives them."""
    manager = _manager(workspace)
    add_catalogue_entry(
        manager, workspace.uow(), {**ENTRY, "plain_title": "x", "plain_sentence": "You x."}
    )
    with workspace.uow() as uow:  # as a database upgraded to 0041 holds it
        row = uow.case.catalogue_entry("veterans_housing")
        assert row is not None
        row.plain_title = row.plain_sentence = ""
        uow.commit()
    assert list_catalogue(manager, workspace.uow()).require("veterans_housing").plain is None
    with pytest.raises(ValidationFailed):
        relabel_catalogue_entry(
            manager, workspace.uow(), "veterans_housing", LABEL, PlainWords("x", "")
        )
    changed = relabel_catalogue_entry(manager, workspace.uow(), "veterans_housing", LABEL, WORDS)
    assert changed.plain == WORDS
    assert list_catalogue(manager, workspace.uow()).require("veterans_housing").plain == WORDS
    check_person_words(changed)  # plain enough: no exception
