"""Layout guarantees: page numbering, long tables, escaping, empty and minimal plans, fonts."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

import pytest
from PIL import Image

from resettle.asset_paths import asset_path
from resettle.domain.pathways import Pathway
from resettle.domain.plan import ActionOwner
from resettle.domain.plan_document import ActionLine, PersonDetails, PlanDocument, is_empty_plan
from resettle.reports import render_officer_plan, render_person_plan
from resettle.reports.fonts import font_dir
from resettle.reports.page_templates import LOGO_FILE
from resettle.reports.samples import sample_plan_document
from tests.pdf_resources import embedded_fonts, images_per_page

ReadPdf = Callable[[bytes], list[str]]
OFFICER_HEADER = "#\nPathway\nAction\nOwner\nDue\nStatus"
PERSON_HEADER = "When\nWhat to do\nWho does it\nProgress"

RENDERERS: dict[str, Callable[[PlanDocument], bytes]] = {
    "officer": render_officer_plan,
    "person": render_person_plan,
    "person_large": lambda d: render_person_plan(d, large_print=True),
}


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def big_doc() -> PlanDocument:
    return sample_plan_document(200)


@pytest.mark.parametrize("kind", RENDERERS)
@pytest.mark.parametrize("n_actions", [0, 13, 200])
def test_page_x_of_y_on_every_page(kind: str, n_actions: int, read_pdf: ReadPdf) -> None:
    pages = read_pdf(RENDERERS[kind](sample_plan_document(n_actions)))
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        found = re.findall(r"Page (\d+) of (\d+)", page)
        assert found == [(str(number), str(total))]


def test_200_actions_repeat_the_header_row_on_every_page(
    big_doc: PlanDocument, read_pdf: ReadPdf
) -> None:
    pages = read_pdf(render_officer_plan(big_doc))
    first = next(i for i, p in enumerate(pages) if "\nActions\n" in f"\n{p}\n")
    last = next(i for i, p in enumerate(pages) if "Release-day checklist" in p)
    spanned = pages[first : last + 1]
    assert len(spanned) >= 5
    assert [p.count(OFFICER_HEADER) for p in spanned] == [1] * len(spanned)
    assert sum(p.count(OFFICER_HEADER) for p in pages) == len(spanned)
    text = "\n".join(pages)
    for n in (1, 100, 200):  # row numbers print as their own cell
        assert re.search(rf"^{n}$", text, flags=re.MULTILINE)


def test_200_actions_person_copy_repeats_its_header_too(
    big_doc: PlanDocument, read_pdf: ReadPdf
) -> None:
    pages = read_pdf(render_person_plan(big_doc))
    with_rows = [p for p in pages if re.search(r"(after|before) you\sleave", p)]
    assert len(with_rows) >= 4
    for page in with_rows:
        assert page.count(PERSON_HEADER) >= 1


NASTY = '<b>Bring & show</b> ID <script>alert(1)</script> &amp; "5 < 6" >'


@pytest.mark.parametrize("kind", RENDERERS)
def test_user_text_is_escaped_and_printed_literally(kind: str, read_pdf: ReadPdf) -> None:
    base = sample_plan_document(3)
    action = ActionLine(pathway=Pathway.FINANCE_ID, what=NASTY, owner=ActionOwner.PERSON)
    doc = base.model_copy(
        update={
            "person": base.person.model_copy(update={"name": "Zoë <b>&"}),
            "actions": (*base.actions, action),
        }
    )
    text = _flat("\n".join(read_pdf(RENDERERS[kind](doc))))
    assert _flat(NASTY) in text
    assert "Zoë <b>&" in text


@pytest.mark.parametrize("kind", RENDERERS)
def test_long_text_wraps_instead_of_breaking(kind: str, read_pdf: ReadPdf) -> None:
    base = sample_plan_document(2)
    words = " ".join(f"word{i}" for i in range(600))
    action = ActionLine(
        pathway=Pathway.HEALTH, what=words + " " + "x" * 300, owner=ActionOwner.PROVIDER
    )
    doc = base.model_copy(update={"actions": (action, *base.actions)})
    text = "".join(read_pdf(RENDERERS[kind](doc)))
    assert "word599" in text and "word0" in text


@pytest.mark.parametrize("kind", RENDERERS)
def test_empty_plan_prints_a_document_saying_so(kind: str, read_pdf: ReadPdf) -> None:
    doc = sample_plan_document(0)
    assert is_empty_plan(doc)
    text = _flat("\n".join(read_pdf(RENDERERS[kind](doc))))
    expected = "This plan has no actions yet" if kind == "officer" else "no actions in your plan"
    assert expected in text
    assert OFFICER_HEADER.replace("\n", " ") not in text
    assert not is_empty_plan(sample_plan_document(1))


@pytest.mark.parametrize("kind", RENDERERS)
def test_a_bare_minimum_document_still_prints(kind: str, read_pdf: ReadPdf) -> None:
    doc = PlanDocument(person=PersonDetails(name="Łukasz"), printed_at=datetime(2025, 1, 2, 3, 4))
    pages = read_pdf(RENDERERS[kind](doc))
    assert "Łukasz" in pages[0]
    assert "Page 1 of" in pages[0]


@pytest.mark.parametrize("kind", RENDERERS)
def test_only_the_shipped_font_is_used_and_embedded(kind: str) -> None:
    assert embedded_fonts(RENDERERS[kind](sample_plan_document())) == {
        "DejaVuSans",
        "DejaVuSans-Bold",
    }


@pytest.mark.parametrize("kind", RENDERERS)
def test_every_page_shows_the_logo_embedded_once(kind: str) -> None:
    data = RENDERERS[kind](sample_plan_document(40))
    with Image.open(asset_path(*LOGO_FILE)) as logo:
        logo_size = logo.size
    pages = images_per_page(data)
    assert len(pages) > 1
    assert all([(i.width, i.height) for i in images] == [logo_size] for images in pages)
    assert len({i.object_number for images in pages for i in images}) == 1  # embedded once


def test_font_files_and_licence_ship_in_the_package() -> None:
    names = {p.name for p in font_dir().iterdir()}
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE-DejaVu.txt"} <= names
