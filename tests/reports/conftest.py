"""Shared helpers for PDF tests: render once per session, read text back with pypdf."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from pypdf import PdfReader

from resettle.domain.plan_document import PlanDocument
from resettle.reports import render_officer_plan, render_person_plan
from resettle.reports.samples import sample_plan_document


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, as pypdf extracts it."""
    assert data.startswith(b"%PDF-"), "not a PDF"
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="session")
def sample_doc() -> PlanDocument:
    return sample_plan_document()


@pytest.fixture(scope="session")
def officer_pages(sample_doc: PlanDocument) -> list[str]:
    return pdf_pages(render_officer_plan(sample_doc))


@pytest.fixture(scope="session")
def person_pages(sample_doc: PlanDocument) -> list[str]:
    return pdf_pages(render_person_plan(sample_doc))


@pytest.fixture(scope="session")
def person_large_pages(sample_doc: PlanDocument) -> list[str]:
    return pdf_pages(render_person_plan(sample_doc, large_print=True))


@pytest.fixture
def read_pdf() -> Callable[[bytes], list[str]]:
    return pdf_pages
