"""What a PDF carries besides its text: embedded fonts and images, read back with pypdf."""

from __future__ import annotations

import io

from pypdf import PdfReader


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

