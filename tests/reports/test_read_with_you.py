"""The person's copy offers "Ask us to read this with you" near its top, in the PDF (both
sizes) and the HTML, and again in the person's language where we have the words (issue 17)."""

from __future__ import annotations

import pytest

from resettle.domain.plan_document import CommunicationNeeds, PlanDocument
from resettle.reports import person_plan_words as words
from resettle.reports import (
    read_with_you,
    render_officer_plan,
    render_person_plan,
    render_person_plan_html,
)
from resettle.reports.read_with_you import READ_WITH_YOU, Translation, translation_for
from resettle.reports.samples import sample_plan_document
from tests.reports.conftest import pdf_pages
from tests.reports.test_pdf_accessibility import _drawn

WELSH = "Gofynnwch i ni ddarllen hwn gyda chi."


def _speaking(language: str | None) -> PlanDocument:
    doc = sample_plan_document()
    needs = None if language is None else CommunicationNeeds(preferred_language=language)
    return doc.model_copy(update={"communication": needs})


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("recorded", "tag"),
    [
        ("Welsh", "cy"),
        ("  CYMRAEG ", "cy"),
        ("Welsh (Cymraeg)", "cy"),
        ("English", None),
        ("Polish", None),
        ("Welshpool", None),  # a word that starts like one is not it
        ("", None),
    ],
)
def test_the_language_is_read_as_a_caseworker_records_it(recorded: str, tag: str | None) -> None:
    found = translation_for(recorded)
    assert (found.tag if found else None) == tag


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large print"])
@pytest.mark.parametrize("language", ["English", "Polish", "", None])
def test_the_pdf_offers_it_in_english_near_the_top(large: bool, language: str | None) -> None:
    text = _flat("\n".join(pdf_pages(render_person_plan(_speaking(language), large_print=large))))
    assert text.count(READ_WITH_YOU) == 1
    # After the greeting, before the first day.
    assert (
        text.index("Keep it with you.") < text.index(READ_WITH_YOU) < text.index("Your first day")
    )
    assert WELSH not in text


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large print"])
def test_the_pdf_offers_it_in_welsh_too_for_a_welsh_speaker(large: bool) -> None:
    text = _flat("\n".join(pdf_pages(render_person_plan(_speaking("Welsh"), large_print=large))))
    assert text.index(READ_WITH_YOU) < text.index(WELSH) < text.index("Your first day")


def test_the_officers_copy_does_not_carry_it() -> None:
    text = _flat("\n".join(pdf_pages(render_officer_plan(_speaking("Welsh")))))
    assert READ_WITH_YOU not in text and WELSH not in text


def _html(language: str | None) -> str:
    return render_person_plan_html(_speaking(language)).decode("utf-8")


def test_the_html_offers_it_in_a_note_before_the_first_section() -> None:
    html = _html("English")
    note = '<div class="offer" role="note"><p><strong>Ask us to read this with you.</strong>'
    assert html.count(note) == 1
    assert html.index(words.greeting(sample_plan_document()).template[:5]) < html.index(note)
    assert html.index(note) < html.index(f"<h2>{words.FIRST_DAY}</h2>")
    assert WELSH not in html


def test_the_html_marks_the_welsh_line_as_welsh() -> None:
    html = _html("Cymraeg")
    assert f'<p lang="cy">{WELSH}</p>' in html
    assert html.index(READ_WITH_YOU) < html.index(WELSH)


def test_a_right_to_left_translation_is_drawn_in_reading_order_and_marked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The mechanism for a language written right to left, with made-up words (not shipped:
    no such translation is certain enough to print), so the test can see their order."""
    made_up = Translation("Testish", "Testish", "he", "אבג דהו", right_to_left=True)
    monkeypatch.setitem(read_with_you.TRANSLATIONS, "testish", made_up)
    doc = _speaking("Testish")
    assert _drawn(render_person_plan(doc), "והד גבא")  # each word reversed, words swapped
    assert '<p lang="he" dir="rtl">אבג דהו</p>' in render_person_plan_html(doc).decode("utf-8")


def _needing_interpreter(language: str, needed: bool = True) -> PlanDocument:
    doc = sample_plan_document()
    needs = CommunicationNeeds(preferred_language=language, interpreter_needed=needed)
    return doc.model_copy(update={"communication": needs})


URDU_INTERPRETER = "You can have an interpreter who speaks Urdu. Ask your officer."


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large print"])
def test_an_interpreter_need_is_offered_on_the_persons_copy(large: bool) -> None:
    """The trial: the officer's copy said "Interpreter: Needed: Urdu" and the person's copy
    never mentioned one. Said in English, with the offer, before the first day."""
    doc = _needing_interpreter("Urdu")
    text = _flat("\n".join(pdf_pages(render_person_plan(doc, large_print=large))))
    assert text.index(READ_WITH_YOU) < text.index(URDU_INTERPRETER) < text.index("Your first day")
    html = render_person_plan_html(doc).decode("utf-8")
    assert f"<p><bdi>{URDU_INTERPRETER}</bdi></p></div>" in html


def test_an_interpreter_without_a_language_and_none_needed() -> None:
    unnamed = _flat("\n".join(pdf_pages(render_person_plan(_needing_interpreter("  ")))))
    assert "You can have an interpreter. Ask your officer." in unnamed
    not_needed = _flat(
        "\n".join(pdf_pages(render_person_plan(_needing_interpreter("Urdu", needed=False))))
    )
    assert "interpreter" not in not_needed


def test_a_language_typed_with_mark_up_is_only_text() -> None:
    doc = _needing_interpreter("<b>Urdu</b> & Punjabi")
    html = render_person_plan_html(doc).decode("utf-8")
    assert "speaks &lt;b&gt;Urdu&lt;/b&gt; &amp; Punjabi." in html
    text = _flat("\n".join(pdf_pages(render_person_plan(doc))))
    assert "speaks <b>Urdu</b> & Punjabi." in text
