"""The offer near the top of the person's copy to read the plan with them: always in English
(so the officer can read it too), and also in the person's language where we have the words.

A translation is listed here only when we are sure of it, with where it comes from. A
language we have no words for gets the English line alone: the officer reads it out, with an
interpreter where the record says one is needed. No ReportLab and no HTML here; the PDF and
the HTML copy each set the words (a right-to-left translation through ``bidi_text`` in the PDF,
``lang`` and ``dir`` on its element in the HTML).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from resettle.domain.plan_document import CommunicationNeeds

READ_WITH_YOU = "Ask us to read this with you."


@dataclass(frozen=True)
class Translation:
    language: str  # its name in English ("Welsh")
    own_name: str  # its name in itself ("Cymraeg")
    tag: str  # BCP 47 language tag, for the HTML's lang attribute ("cy")
    text: str  # READ_WITH_YOU in this language
    right_to_left: bool = False


#: Keyed by each name a caseworker may type for the language, lower case.
#:
#: Welsh: "Gofynnwch i ni ddarllen hwn gyda chi." Our own translation, word for word, in the
#: standard forms any grammar of modern Welsh gives: "gofynnwch" is the polite imperative of
#: "gofyn" (ask), the form public notices use; "gofyn i ni ddarllen" (ask us to read) softens
#: "darllen" after the object, as in "gofyn i'r dynion doeth ... ddarllen" (beibl.net,
#: Daniel 5:15); "hwn" (this) stands for "y cynllun hwn" (this plan, a masculine noun);
#: "gyda chi" (with you) takes the aspirate mutation after "gyda". A Welsh speaker should
#: read it once before a release ships it to Wales. No other language is listed: we could
#: not be as sure of their words.
_WELSH = Translation("Welsh", "Cymraeg", "cy", "Gofynnwch i ni ddarllen hwn gyda chi.")
TRANSLATIONS: dict[str, Translation] = {"welsh": _WELSH, "cymraeg": _WELSH}

_WORD = re.compile(r"[^\W\d_]+")


def translation_for(language: str) -> Translation | None:
    """The offer in `language` as a caseworker recorded it ("Welsh", "welsh", "Cymraeg",
    "Welsh (Cymraeg)"), or None when we have no words for it (English included)."""
    for word in _WORD.findall(language.casefold()):
        if word in TRANSLATIONS:
            return TRANSLATIONS[word]
    return None


@dataclass(frozen=True)
class Offer:
    english: str
    translation: Translation | None
    #: Said in English when the record says an interpreter is needed (trial: an officer's copy
    #: said "Interpreter: Needed: Urdu" and the person's copy never mentioned one). Holds the
    #: language as the caseworker typed it: user text, escaped where it is set.
    interpreter: str | None = None


def interpreter_line(communication: CommunicationNeeds | None) -> str | None:
    """ "You can have an interpreter who speaks Urdu. Ask your officer." when one is needed
    (without the language when none is recorded); None when none is needed."""
    if communication is None or not communication.interpreter_needed:
        return None
    language = " ".join(communication.preferred_language.split())
    who = f"an interpreter who speaks {language}" if language else "an interpreter"
    return f"You can have {who}. Ask your officer."


def offer_for(communication: CommunicationNeeds | None) -> Offer:
    """The offer for a person with these communication needs (None: not on the document)."""
    language = communication.preferred_language if communication else ""
    return Offer(READ_WITH_YOU, translation_for(language), interpreter_line(communication))
