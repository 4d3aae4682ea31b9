"""Generating fictional people, deterministically for a seed."""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from resettle.domain.person import PersonInput, ReleaseType
from resettle.domain.risk import OffenceCategory, Sex
from resettle.services.demo import vocabulary as words


@dataclass(frozen=True)
class Placement:
    establishment_id: int
    code: str
    key_worker_ids: tuple[int, ...]


def _weighted(rng: random.Random, pairs: Sequence[tuple[object, int]]) -> object:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def identifiers(rng: random.Random, size: int) -> Iterator[tuple[str, str]]:
    """Unique fictional prison numbers (Z1234AB) and CRNs (Z123456)."""
    letters = string.ascii_uppercase
    prison_codes = rng.sample(range(10_000 * 26 * 26), size)
    crn_codes = rng.sample(range(1_000_000), size)
    for prison_code, crn_code in zip(prison_codes, crn_codes, strict=True):
        digits, pair = divmod(prison_code, 26 * 26)
        first, second = divmod(pair, 26)
        yield f"Z{digits:04d}{letters[first]}{letters[second]}", f"Z{crn_code:06d}"


def person(
    rng: random.Random,
    prison_number: str,
    crn: str,
    today: dt.date,
    placements: list[Placement],
    officer_ids: list[int],
    released_back: Callable[[], int] | None = None,
) -> PersonInput:
    """One fictional person. ``released_back``, asked only of a person released in the last
    month, moves the release that many days further back (people on licence for months, whose
    later outcome checks have come due), without touching ``rng``'s sequence."""
    placement = rng.choice(placements)
    sex = Sex.FEMALE if placement.code in words.WOMENS_ESTABLISHMENTS else Sex.MALE
    given = rng.choice(words.FEMALE_GIVEN if sex is Sex.FEMALE else words.MALE_GIVEN)
    family = rng.choice(words.FAMILY)
    offset = rng.randint(-30, 183)
    if offset < 0 and released_back is not None:
        offset -= released_back()
    release = today + dt.timedelta(days=offset)
    age_at_release = min(rng.randint(18, 45) + rng.randint(0, 25), 78)
    dob = release - dt.timedelta(days=int(age_at_release * 365.25) + rng.randint(1, 364))
    earliest_sentence = dob + dt.timedelta(days=int(18 * 365.25) + 1)
    sentence = release - dt.timedelta(days=rng.randint(60, 6 * 365))
    sentence = min(max(sentence, earliest_sentence), today - dt.timedelta(days=1))
    offence = _weighted(rng, words.OFFENCE_WEIGHTS)
    assert isinstance(offence, OffenceCategory)
    language = str(_weighted(rng, words.LANGUAGES))
    release_type = _weighted(
        rng,
        [
            (ReleaseType.CONDITIONAL_RELEASE, 70),
            (ReleaseType.HOME_DETENTION_CURFEW, 12),
            (ReleaseType.END_OF_SENTENCE, 10),
            (ReleaseType.PAROLE, 6),
            (ReleaseType.OTHER, 2),
        ],
    )
    learning = rng.random() < 0.25
    return PersonInput.model_validate(
        {
            "prison_number": prison_number,
            "crn": crn,
            "pnc_number": f"{sentence.year % 100:02d}/{rng.randint(1, 9_999_999)}"
            f"{rng.choice(string.ascii_uppercase)}"
            if rng.random() < 0.8
            else None,
            "given_name": given,
            "family_name": family,
            "aliases": [f"{rng.choice(words.MALE_GIVEN + words.FEMALE_GIVEN)} {family}"]
            if rng.random() < 0.1
            else [],
            "date_of_birth": dob,
            "sex": sex,
            "gender": "Woman" if sex is Sex.FEMALE else "Man",
            "preferred_language": language,
            "interpreter_needed": language not in ("English", "Welsh", "Irish")
            and rng.random() < 0.5,
            "learning_disability": learning,
            "learning_notes": "Prefers information read aloud; short sessions." if learning else "",
            "establishment_id": placement.establishment_id,
            "responsible_officer_id": rng.choice(officer_ids),
            "key_worker_id": rng.choice(placement.key_worker_ids),
            "sentence_date": sentence,
            "conditional_release_date": release,
            "release_date": release,
            "licence_end_date": release + dt.timedelta(days=rng.randint(90, 3 * 365)),
            "release_type": release_type,
            "offence_category": offence,
            "sexual_offence": offence.is_sexual,
        }
    )
