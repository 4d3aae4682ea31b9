"""Every intervention of the embedded pack and every entry of the default support-need catalogue
has the person's words: a plain title and one sentence, short, in common words, spoken to the
person, with none of the staff's jargon (issue 17, "Plans people can read")."""

from __future__ import annotations

import pytest

from resettle.domain.catalogue import default_catalogue
from resettle.domain.catalogue_plain import PLAIN_WORDS
from resettle.domain.essentials import EssentialKind, GpRegistration, OstContinuity
from resettle.domain.plain_language import (
    ACRONYM,
    BANNED,
    MAX_TITLE_WORDS,
    plain_problems,
)
from resettle.domain.plan import ActionStatus
from resettle.domain.plan_document import ChecklistItem
from resettle.evidence import load_embedded_pack
from resettle.reports import render_officer_plan, render_person_plan
from resettle.reports.samples import sample_plan_document
from tests.reports.conftest import pdf_pages

_PACK = load_embedded_pack().pack
_INTERVENTIONS = [(i.id, i.plain_title, i.plain_sentence) for i in _PACK.interventions]
_CATALOGUE = [
    (e.code, e.plain.title, e.plain.sentence)
    for e in default_catalogue().entries
    if e.plain is not None
]
ALL_WORDS = _INTERVENTIONS + _CATALOGUE


def test_every_intervention_has_plain_words_and_they_are_not_its_name() -> None:
    assert len(_INTERVENTIONS) == len(_PACK.interventions) == 39
    for item in _PACK.interventions:
        assert item.plain_title.lower() != item.name.lower(), item.id


def test_every_catalogue_entry_has_plain_words_and_no_stray_code_has_any() -> None:
    entries = default_catalogue().entries
    assert [e.code for e in entries if e.plain is None] == []
    assert set(PLAIN_WORDS) == {e.code for e in entries}


@pytest.mark.parametrize(("key", "title", "sentence"), ALL_WORDS, ids=[w[0] for w in ALL_WORDS])
def test_the_words_are_plain(key: str, title: str, sentence: str) -> None:
    assert plain_problems(title, sentence) == [], key


@pytest.mark.parametrize(
    ("title", "sentence", "problem"),
    [
        ("An accredited course", "You go to it.", "title says 'accredited'"),
        ("A course", "You work on criminogenic needs.", "sentence says 'criminogenic'"),
        ("A CBT course", "You go to it.", "title has the acronym 'CBT'"),
        ("A course", "You go " + "and go " * 12 + "again.", "sentence has 27 words"),
        ("A course", "You go. Then you stay.", "sentence is not one sentence"),
        ("A course", "It is run by probation.", "sentence does not speak to the person"),
        ("", "You go to it.", "title is empty"),
    ],
)
def test_the_check_catches_jargon_and_long_sentences(
    title: str, sentence: str, problem: str
) -> None:
    assert any(p.startswith(problem) for p in plain_problems(title, sentence))


@pytest.mark.parametrize("kind", list(EssentialKind), ids=lambda k: k.value)
def test_every_release_day_essential_has_a_plain_name(kind: EssentialKind) -> None:
    """The person's copy names the release-day essentials in their words ("A doctor near
    where you will live", not "GP registration")."""
    label = kind.person_label
    problems = [w for w in BANNED if w in label.lower()] + ACRONYM.findall(label)
    assert not problems and len(label.split()) <= MAX_TITLE_WORDS, (label, problems)
    assert label != kind.label


def test_the_persons_copy_uses_the_plain_names_and_the_officers_the_staff_names() -> None:
    essentials = (GpRegistration(status=ActionStatus.DONE), OstContinuity())
    items = tuple(
        ChecklistItem(
            essential=e.kind.label, plain=e.kind.person_label, status="Arranged", done=True
        )
        for e in essentials
    )
    doc = sample_plan_document().model_copy(update={"checklist": items})
    person = " ".join(" ".join(pdf_pages(render_person_plan(doc))).split())
    officer = " ".join(" ".join(pdf_pages(render_officer_plan(doc))).split())
    for e in essentials:
        assert e.kind.person_label in person and e.kind.label not in person
        assert e.kind.label in officer and e.kind.person_label not in officer
