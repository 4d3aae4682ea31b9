"""The most of each thing a user can add: every collection's maximum, in one place.

docs/limits.md explains each figure (a test checks it names every constant here). Lengths of
single text fields stay beside their models (``max_length``), and a domain test checks that
every text field of every input model has one.

A limit is checked in the domain (:func:`check_count`), before anything is saved, and the
message names the field and the figure.
"""

from __future__ import annotations

from typing import Final

from resettle.domain.errors import ValidationFailed

#: Actions in one version of a through-the-gate plan. A real plan has tens; 500 is far above
#: any we have seen and keeps saving and printing a plan to well under a second.
PLAN_ACTIONS_MAX: Final = 500

#: Case notes added to one person's record in any 24 hours. A busy release day with a
#: correction for every note is under 50; 200 leaves room for that four times over and stops a
#: script or a stuck key from filling a record with thousands.
CASE_NOTES_PER_PERSON_PER_DAY_MAX: Final = 200

#: Characters in the caseload search box (a name, a prison number, a CRN).
SEARCH_TEXT_MAX: Final = 200

#: Other names one person is known by.
PERSON_ALIASES_MAX: Final = 20

#: Support needs recorded on one person (across the seven pathways).
SUPPORT_NEEDS_PER_PERSON_MAX: Final = 200

#: Aftercare referrals (linked services) on one person.
REFERRALS_PER_PERSON_MAX: Final = 200

#: Providers in the shared aftercare directory.
PROVIDERS_MAX: Final = 5_000

#: Largest file a command reads as input (a profile, a people file, a marks file, a
#: programme file, a mapping file, a caseload to import): 50 MB.
IMPORT_FILE_MAX_BYTES: Final = 50 * 1024 * 1024

#: Largest evidence pack file: 20 MB (the embedded pack is well under 1 MB).
PACK_FILE_MAX_BYTES: Final = 20 * 1024 * 1024

#: The most rows one caseload import reads.
IMPORT_ROWS_MAX: Final = 200_000

#: The longest cell of a caseload import file (characters).
IMPORT_CELL_MAX_CHARS: Final = 2_000

#: Deepest nesting of lists and objects a JSON input may have. Resettle's own files nest a
#: few levels; the parser's recursion is never reached.
JSON_MAX_DEPTH: Final = 64


def check_count(field: str, label: str, count: int, maximum: int, what: str) -> None:
    """Refuse ``count`` items when it is over ``maximum``, naming the field.

    ``what`` is the plural noun ("actions"), ``label`` the field as a person reads it.
    """
    if count > maximum:
        raise ValidationFailed.single(field, "too_many", f"{label}: at most {maximum:,} {what}")
