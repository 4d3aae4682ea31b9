"""The officer's copy: every section, the person's data, risk and evidence, signatures."""

from __future__ import annotations

import pytest

from resettle.domain.plan_document import EvidenceBasis, PlanDocument
from resettle.reports import render_officer_plan
from resettle.reports.page_templates import OFFICIAL_SENSITIVE
from tests.reports.conftest import pdf_pages

SECTIONS = (
    "Through-the-gate resettlement plan",
    "Person",
    "Communication needs",
    "Risk summary",
    "Needs by pathway",
    "Actions",
    "Release-day checklist",
    "Appointments",
    "Aftercare contacts",
    "Programmes",
    "Evidence basis for recommended interventions",
    "Agreement and versions",
    "Officer-only notes",
    "Signatures",
)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_every_section_is_printed_in_order(officer_pages: list[str]) -> None:
    text = "\n".join(officer_pages)
    lines = [line.strip() for line in text.splitlines()]
    positions = [lines.index(title) for title in SECTIONS]
    assert positions == sorted(positions)


def test_person_details_including_non_ascii_names(
    officer_pages: list[str], sample_doc: PlanDocument
) -> None:
    text = _flat("\n".join(officer_pages))
    p = sample_doc.person
    for value in (
        p.name,
        p.prison_number,
        p.crn,
        p.pnc,
        p.establishment,
        p.release_type,
        p.responsible_officer,
        p.key_worker,
    ):
        assert value in text, value
    assert "Zoë Ní Bhriain" in text
    assert "Łukasz Nowak" in text
    assert "23 Jul 1991" in text  # date of birth
    assert "14 Mar 2025" in text  # release date


def test_risk_summary_and_evidence_basis(
    officer_pages: list[str], sample_doc: PlanDocument
) -> None:
    text = _flat("\n".join(officer_pages))
    r = sample_doc.risk
    for value in (r.score_used, r.ogrs3_one_year, r.ogrs3_two_year, r.rosh):
        assert value in text
    for e in sample_doc.evidence:
        assert e.intervention in text
        assert _flat(e.rating) in text  # the scheme's rating, word for word
        assert e.finding in text
        assert e.citation in text
        assert f"{e.quality} of 4" in text
    assert "2025.02" in text and "rnr-rules 1.3" in text


def test_actions_show_resolved_due_dates_and_phrases(officer_pages: list[str]) -> None:
    text = _flat("\n".join(officer_pages))
    # Sample: GP registration is 14 days before a 14 Mar 2025 release.
    assert "28 Feb 2025 14 days before release" in text
    assert "14 Mar 2025 Release day" in text
    assert "21 Mar 2025 7 days after release" in text


def test_checklist_appointments_aftercare_and_notes(
    officer_pages: list[str], sample_doc: PlanDocument
) -> None:
    text = _flat("\n".join(officer_pages))
    for c in sample_doc.checklist:
        assert c.essential in text
    for a in sample_doc.appointments:
        assert a.what in text and a.time in text
    for c in sample_doc.aftercare:
        assert c.provider in text and c.phone in text
    assert sample_doc.officer_notes[0] in text
    assert text.count("Signature ____") == 2


def test_every_page_is_marked_official_sensitive(officer_pages: list[str]) -> None:
    for page in officer_pages:
        assert page.count(OFFICIAL_SENSITIVE) == 2  # header and footer


def test_footer_names_the_plan_version_and_print_time(officer_pages: list[str]) -> None:
    for page in officer_pages:
        assert "Plan version 2 (agreed) · printed 12 Feb 2025 09:30" in page


def test_evidence_basis_says_what_was_found_and_when_no_scheme_rated_it(
    sample_doc: PlanDocument,
) -> None:
    unrated = EvidenceBasis(
        intervention="Support for family visits in prison",
        finding="An association with reoffending, not an effect",
        rating="",
        scheme="",
        quality=1,
        citation="Ministry of Justice (n.d.). Factors linked to re-offending.",
    )
    document = sample_doc.model_copy(update={"evidence": (*sample_doc.evidence, unrated)})
    text = _flat("\n".join(pdf_pages(render_officer_plan(document))))
    assert "An association with reoffending, not an effect" in text
    assert "Not rated" in text
    assert "“”" not in text and "“none”" not in text and '"none"' not in text


def test_missing_dates_inside_sentences_have_no_capital(sample_doc: PlanDocument) -> None:
    """The header said "release Not recorded": inside a sentence the words are lower case."""
    person = sample_doc.person.model_copy(update={"release_date": None})
    doc = sample_doc.model_copy(update={"person": person, "printed_at": None})
    text = _flat("\n".join(pdf_pages(render_officer_plan(doc))))
    assert "release date not recorded" in text
    assert "printed not recorded" in text
    assert "release Not recorded" not in text
    assert "printed Not recorded" not in text


def test_programmes_are_listed_with_outcome_and_reason(
    officer_pages: list[str], sample_doc: PlanDocument
) -> None:
    text = _flat("\n".join(officer_pages))
    section = text[text.index("Programmes Programme") : text.index("Evidence basis")]
    for line in sample_doc.programmes:
        assert line.programme in section
    assert "Not completed" in section and "Operational: transfer process" in section
    assert "4 Mar 2024 to 27 Sept 2024" in section or "4 Mar 2024 to 27 Sep 2024" in section
    assert "expected to end 30 May 2025" in section


@pytest.mark.parametrize(
    ("emptied", "printed"),
    [
        ("programmes", "No programmes have been recorded."),
        # Not "No interventions were recommended": the app may have recommended several that
        # the plan does not use (officers' trial of the recommender, 2 Dec 2026).
        ("evidence", "No action in this plan came from a recommendation, so no evidence is cited."),
    ],
)
def test_an_empty_section_says_what_is_missing(emptied: str, printed: str) -> None:
    from resettle.reports.samples import sample_plan_document

    doc = sample_plan_document().model_copy(update={emptied: ()})
    text = _flat("\n".join(pdf_pages(render_officer_plan(doc))))
    assert printed in text


def test_programmes_are_not_on_the_persons_copy(person_pages: list[str]) -> None:
    text = _flat("\n".join(person_pages))
    assert "Kaizen" not in text and "Programmes" not in text


def test_no_word_of_the_evidence_table_is_split_across_lines() -> None:
    from resettle.domain.plan_document import EvidenceBasis
    from resettle.reports.samples import sample_plan_document

    long_name = "High-intensity accredited cognitive-behavioural programme (custody)"
    doc = sample_plan_document()
    line = doc.evidence[0].model_copy(update={"intervention": long_name})
    doc = doc.model_copy(update={"evidence": (line, *doc.evidence[1:])})
    assert isinstance(line, EvidenceBasis)
    words = set("\n".join(pdf_pages(render_officer_plan(doc))).split())
    assert "cognitive-behavioural" in words  # not "cogniti" + "ve-behavioural"
    assert "Rating (the scheme's words)" in _flat("\n".join(pdf_pages(render_officer_plan(doc))))
