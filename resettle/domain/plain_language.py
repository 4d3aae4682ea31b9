"""Whether words are plain enough for the person's copy of a plan: a short title and one
sentence spoken to the person, in common words, with none of the staff's jargon and no
acronyms. The embedded pack's and default catalogue's words are held to it by the tests; words
an administrator gives a new catalogue entry are checked by it when they are saved.
"""

from __future__ import annotations

import re

#: Words a reader with low literacy should not meet on their own plan: staff and research terms.
BANNED = (
    "criminogenic",
    "accredited",
    "cognitive",
    "behavioural",
    "intervention",
    "programme",
    "psychosocial",
    "psychologically",
    "therapeutic",
    "substitution",
    "opioid",
    "brokerage",
    "multisystemic",
    "formulation",
    "recidivism",
    "reoffending",
    "offender",
    "resettlement",
    "custody",
    "custodial",
    "pathway",
    "safeguarding",
    "neurodiversity",
    "bursaries",
    "prosocial",
    "arrears",
    "holistic",
    "obligations",
)
ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
MAX_SENTENCE_WORDS = 25
MAX_TITLE_WORDS = 10


def title_problems(title: str, part: str = "title") -> list[str]:
    """What is wrong with a title for the person ([] when nothing)."""
    problems = [] if title.strip() else [f"{part} is empty"]
    lowered = title.lower()
    problems += [f"{part} says {w!r}" for w in BANNED if w in lowered]
    problems += [f"{part} has the acronym {a!r}" for a in ACRONYM.findall(title)]
    if part == "title" and len(title.split()) > MAX_TITLE_WORDS:
        problems.append(f"title has {len(title.split())} words")
    return problems


def plain_problems(title: str, sentence: str) -> list[str]:
    """What is wrong with a title and sentence for the person ([] when nothing)."""
    problems = title_problems(title) + title_problems(sentence, "sentence")
    if len(sentence.split()) > MAX_SENTENCE_WORDS:
        problems.append(f"sentence has {len(sentence.split())} words")
    if not sentence.endswith(".") or re.search(r"[.!?]\s", sentence):
        problems.append("sentence is not one sentence ending in a full stop")
    if not re.search(r"\b(you|your)\b", sentence, re.IGNORECASE):
        problems.append("sentence does not speak to the person (no 'you')")
    return problems
