"""The parts of a case record saved on their own (a light module: the caseload window names
them without loading the case record's read models)."""

from enum import StrEnum


class RecordPart(StrEnum):
    """The parts of a record saved, and guarded against concurrent edits, on their own.

    Each has its own revision, so saving one part never fails because someone saved another.
    Each referral is a part too (``referral_part``); the plan keeps its own revision; case
    notes are append-only and need none.
    """

    PROFILE = "profile"
    NEEDS = "needs"
    ESSENTIALS = "essentials"
    RISK = "risk"


def referral_part(referral_id: int) -> str:
    return f"referral:{referral_id}"
