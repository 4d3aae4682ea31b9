"""What every Resettle PDF says about itself: language, title shown by the viewer, and an XMP
metadata stream (the form screen readers, search tools and PDF/UA checkers read).

ReportLab sets the catalog's /Lang and the viewer preference DisplayDocTitle from the document
template (`lang=`, `displayDocTitle=`), and the info dictionary from `title=`, `author=`,
`subject=`. It has no option for XMP, but its `pdfdoc.XMP` stream hung on the catalog's
/Metadata is how ReportLab itself embeds one (`graphics.renderPDF`), so we build the packet here.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import XMP
from reportlab.pdfgen.canvas import Canvas

LANGUAGE = "en-GB"
AUTHOR = "Resettle"


@dataclass(frozen=True)
class DocumentMetadata:
    title: str
    subject: str  # what kind of document this is, in words; never personal data
    author: str = AUTHOR
    language: str = LANGUAGE


def xmp_packet(meta: DocumentMetadata) -> str:
    """The XMP packet (Dublin Core title, creator and description; the language)."""
    title, subject = escape(meta.title), escape(meta.subject)
    author, language = escape(meta.author), escape(meta.language)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt>\
</dc:description>
   <dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>{author}</xmp:CreatorTool>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""


def attach_xmp(canvas: Canvas, meta: DocumentMetadata) -> None:
    """Hang the XMP stream on the catalog of the document `canvas` is writing."""
    packet = xmp_packet(meta).encode("utf-8")  # XMP is UTF-8, not PDFDocEncoding
    canvas._doc.Catalog.Metadata = XMP(creator=lambda _doc: packet)
