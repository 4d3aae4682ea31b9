"""What a PDF carries besides its text: embedded fonts and images, read back with pypdf."""

from __future__ import annotations

import io
from typing import NamedTuple

from pypdf import PdfReader


class PageImage(NamedTuple):
    object_number: int  # the same for every page that shows the same image object
    width: int  # pixels
    height: int


def embedded_fonts(data: bytes) -> set[str]:
    """The base names of the fonts used on any page (subset prefixes dropped).

    Fails if a font is used without being embedded as TrueType.
    """
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            name = str(font["/BaseFont"]).split("+")[-1]
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), f"{name} not embedded"
            fonts.add(name)
    return fonts


def images_per_page(data: bytes) -> list[list[PageImage]]:
    """For each page, the images drawn on it."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        images = []
        for ref in page["/Resources"].get("/XObject", {}).values():
            xobject = ref.get_object()
            if xobject["/Subtype"] == "/Image":
                size = (int(xobject["/Width"]), int(xobject["/Height"]))
                images.append(PageImage(ref.idnum, *size))
        pages.append(images)
    return pages
