"""The person's copy names an action made from the evidence pack or the support-need catalogue
by its plain title and sentence, never by its technical name; the officer's copy keeps the name;
words the officer wrote stay as written (issue 17, "Plans people can read")."""

from __future__ import annotations

import ctypes
import datetime as dt
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from resettle.domain import clock
from resettle.domain.catalogue import default_catalogue
from resettle.domain.pathways import Pathway
from resettle.domain.plan import ActionOwner, ActionSource, DueDate, PlanAction
from resettle.domain.plan_document import PlanDocument, canonical_json
from resettle.domain.record_parts import RecordPart
from resettle.evidence import load_embedded_pack
from resettle.reports import render_officer_plan, render_person_plan, render_person_plan_html
from resettle.services.case_record import needs
from resettle.services.case_record.read import open_case_record
from resettle.services.people import register_person
from resettle.services.plans import edit
from resettle.services.plans.printing import plan_document
from resettle.services.plans.suggestions import suggest_plan_actions
from resettle.services.workspace import Workspace
from tests.factories import person_data
from tests.reports.conftest import pdf_pages

TODAY = clock.today()
PACK = load_embedded_pack().pack
CBT = PACK.intervention("accredited-cbt-community")
HOUSING = PACK.intervention("housing-first")
FIND_A_HOME = default_catalogue().require("help_to_find_accommodation")
OTHER = default_catalogue().require("accommodation_other")
OFFICERS_WORDS = "Refer to: the thinking skills group at Leeds"
DETAIL = "Get my tools back from the storage unit"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _html_text(doc: PlanDocument) -> str:
    html = render_person_plan_html(doc).decode("utf-8")
    body = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return _flat(re.sub(r"<[^>]+>", " ", body).replace("&#x27;", "'").replace("&amp;", "&"))


def _recommendation(intervention_id: str, what: str) -> PlanAction:
    return PlanAction(
        pathway=Pathway.ATTITUDES_THINKING_BEHAVIOUR,
        what=what,
        owner=ActionOwner.PROBATION,
        due=DueDate.relative(14),
        source=ActionSource(recommendation_intervention_id=intervention_id),
    )


@pytest.fixture
def document(workspace: Workspace) -> PlanDocument:
    """A plan with a recommended intervention in the app's words, one the officer reworded,
    a support need and an "Other" support need with the detail staff typed."""
    me, uow = workspace.actor, workspace.uow
    person_id = register_person(
        me,
        uow(),
        person_data(
            release_date=TODAY + dt.timedelta(days=30),
            licence_end_date=TODAY + dt.timedelta(days=400),
            sentence_date=dt.date(2024, 2, 1),
        ),
    ).id
    for data in ({"code": FIND_A_HOME.code}, {"code": OTHER.code, "detail": DETAIL}):
        revision = open_case_record(me, uow(), person_id).revision(RecordPart.NEEDS)
        needs.add_support_need(me, uow(), person_id, revision, data)
    suggested = suggest_plan_actions(me, uow(), person_id).actions
    from_needs = [a for a in suggested if a.source and a.source.support_need_id]
    assert sorted(a.what for a in from_needs) == sorted([FIND_A_HOME.label, f"Other: {DETAIL}"])
    actions = [
        _recommendation(CBT.id, f"Refer to: {CBT.name}"),
        _recommendation(HOUSING.id, OFFICERS_WORDS),
        *from_needs,
    ]
    edit.save_plan(me, uow(), person_id, None, actions)
    return plan_document(me, uow(), person_id)


def test_the_person_sees_plain_titles_and_sentences_never_the_technical_names(
    document: PlanDocument,
) -> None:
    pdf = _flat(" ".join(pdf_pages(render_person_plan(document))))
    large = _flat(" ".join(pdf_pages(render_person_plan(document, large_print=True))))
    html = _html_text(document)
    other_title = OTHER.plain.title if OTHER.plain else ""
    for name, text in (("pdf", pdf), ("large print", large), ("html", html)):
        for said in (
            CBT.plain_title,
            CBT.plain_sentence,
            FIND_A_HOME.plain.title if FIND_A_HOME.plain else "",
            f"{other_title}: {DETAIL}",
            OFFICERS_WORDS,  # the officer's own words, as written
        ):
            assert said and said in text, (name, said)
        for jargon in (CBT.name, "ccredited", "Refer to: Accredited", FIND_A_HOME.label):
            assert jargon not in text, (name, jargon)
        # The officer's words for Housing First are kept: its plain words are not used.
        assert HOUSING.plain_title not in text, name


def test_the_officers_copy_keeps_the_technical_names(document: PlanDocument) -> None:
    text = _flat(" ".join(pdf_pages(render_officer_plan(document))))
    assert f"Refer to: {CBT.name}" in text
    assert FIND_A_HOME.label in text and f"Other: {DETAIL}" in text
    assert CBT.plain_title not in text and CBT.plain_sentence not in text


def test_the_document_carries_the_words_only_where_the_app_worded_the_action(
    document: PlanDocument,
) -> None:
    worded = {a.what: (a.plain_title, a.plain_sentence) for a in document.actions}
    assert worded[f"Refer to: {CBT.name}"] == (CBT.plain_title, CBT.plain_sentence)
    assert worded[OFFICERS_WORDS] == ("", "")
    assert FIND_A_HOME.plain and OTHER.plain
    assert worded[FIND_A_HOME.label] == (FIND_A_HOME.plain.title, FIND_A_HOME.plain.sentence)
    assert worded[f"Other: {DETAIL}"] == (f"{OTHER.plain.title}: {DETAIL}", OTHER.plain.sentence)


def test_a_document_without_plain_words_keeps_its_fingerprint(document: PlanDocument) -> None:
    """A plan issued before the person's words were printed has none: its canonical JSON (and
    so its fingerprint) does not gain the new fields; a plan with them records them."""
    bare = document.model_copy(
        update={
            "actions": tuple(
                a.model_copy(update={"plain_title": "", "plain_sentence": ""})
                for a in document.actions
            )
        }
    )
    assert "plain_title" not in canonical_json(bare) and "plain_sentence" not in canonical_json(
        bare
    )
    assert canonical_json(document).count('"plain_title"') == 3


def _faces(pdf: bytes) -> tuple[str, list[bool]]:
    """The drawn characters without white space, and for each whether its font is bold."""
    chars: list[str] = []
    bold: list[bool] = []
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            textpage = page.get_textpage()
            for index in range(textpage.count_chars()):
                char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index))
                if char.isspace() or char == "\x00":
                    continue
                name = ctypes.create_string_buffer(256)
                pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, name, 256, None)
                chars.append(char)
                bold.append(b"Bold" in name.value)
    finally:
        document.close()
    return "".join(chars), bold


def test_the_plain_title_is_bold_above_its_sentence(document: PlanDocument) -> None:
    """The reader sees what it is before what happens: the title in bold, the sentence
    under it in the regular face (PDF, large print) or after <b>...</b><br/> (web page)."""
    title, sentence = ("".join(t.split()) for t in (CBT.plain_title, CBT.plain_sentence))
    for large in (False, True):
        text, bold = _faces(render_person_plan(document, large_print=large))
        at = text.index(title + sentence)
        assert all(bold[at : at + len(title)]), large
        assert not any(bold[at + len(title) : at + len(title) + len(sentence)]), large
    html = render_person_plan_html(document).decode("utf-8")
    assert f"<b><bdi>{CBT.plain_title}</bdi></b><br/><bdi>{CBT.plain_sentence}</bdi>" in html
