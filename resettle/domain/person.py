"""The prison leaver's profile: identifiers, personal details, sentence and release."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from resettle.domain import clock
from resettle.domain.ages import age_on
from resettle.domain.errors import FieldProblem
from resettle.domain.identifiers import (
    PRISON_NUMBER_SHAPE,
    is_crn,
    is_pnc_number,
    is_prison_number,
    normalise_identifier,
)
from resettle.domain.limits import PERSON_ALIASES_MAX
from resettle.domain.read_only_opening import ReadOnlyBecause
from resettle.domain.risk import OffenceCategory, Sex
from resettle.domain.text_fields import MULTI_LINE, CheckedText

EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)
AGE_OF_CRIMINAL_RESPONSIBILITY = 10  # England and Wales
NAME_MAX = 100
TEXT_MAX = 200
MAX_ALIASES = PERSON_ALIASES_MAX


class ReleaseType(StrEnum):
    CONDITIONAL_RELEASE = "conditional_release"
    HOME_DETENTION_CURFEW = "home_detention_curfew"
    PAROLE = "parole"
    END_OF_SENTENCE = "end_of_sentence"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


def _prison_number(value: str) -> str:
    value = normalise_identifier(value)
    if not is_prison_number(value):
        raise ValueError(PRISON_NUMBER_SHAPE)
    return value


def _crn(value: str) -> str:
    value = normalise_identifier(value)
    if not is_crn(value):
        raise ValueError("must look like X123456 (a letter and six digits)")
    return value


def _pnc(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = normalise_identifier(value)
    if not is_pnc_number(value):
        raise ValueError("must look like 2004/0012345X (year, slash, digits, check letter)")
    return value


def _name(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValueError("is required")
    return value


PrisonNumber = Annotated[str, AfterValidator(_prison_number)]
Crn = Annotated[str, AfterValidator(_crn)]
PncNumber = Annotated[str | None, AfterValidator(_pnc)]
Name = Annotated[str, StringConstraints(max_length=NAME_MAX), AfterValidator(_name)]
ShortText = Annotated[str, StringConstraints(max_length=TEXT_MAX, strip_whitespace=True)]


class PersonInput(CheckedText):
    """What a form, CSV row or CLI call supplies to create or update a person."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    prison_number: PrisonNumber = Field(title="Prison number")
    crn: Crn = Field(title="CRN")
    pnc_number: PncNumber = Field(default=None, title="PNC number")
    given_name: Name = Field(title="Given name")
    family_name: Name = Field(title="Family name")
    aliases: list[Name] = Field(default_factory=list, max_length=MAX_ALIASES, title="Aliases")
    date_of_birth: dt.date = Field(title="Date of birth")
    sex: Sex = Field(title="Sex")
    gender: ShortText = Field(default="", title="Gender")
    preferred_language: ShortText = Field(default="English", title="Preferred language")
    interpreter_needed: bool = Field(default=False, title="Interpreter needed")
    learning_disability: bool = Field(default=False, title="Learning disability or difficulty")
    learning_notes: Annotated[str, StringConstraints(max_length=2000), MULTI_LINE] = Field(
        default="", title="Learning needs notes"
    )
    establishment_id: int | None = Field(default=None, title="Establishment")
    responsible_officer_id: int | None = Field(default=None, title="Responsible officer")
    key_worker_id: int | None = Field(default=None, title="Prison key worker")
    sentence_date: dt.date | None = Field(default=None, title="Sentence date")
    conditional_release_date: dt.date | None = Field(default=None, title="Conditional release date")
    release_date: dt.date | None = Field(default=None, title="Release date")
    licence_end_date: dt.date | None = Field(default=None, title="Licence end date")
    release_type: ReleaseType | None = Field(default=None, title="Release type")
    offence_category: OffenceCategory | None = Field(default=None, title="Index offence")
    sexual_offence: bool = Field(default=False, title="Sexual offence")

    def cross_field_problems(self, today: dt.date | None = None) -> list[FieldProblem]:
        return person_date_problems(self, today or clock.today())


def person_date_problems(person: PersonInput, today: dt.date) -> list[FieldProblem]:
    """Dates that cannot all be true at once, each named by the field to correct."""
    problems: list[FieldProblem] = []
    # None only when checked around a date of birth that failed (``validation.validate``).
    dob: dt.date | None = getattr(person, "date_of_birth", None)

    def add(field: str, code: str, message: str) -> None:
        title = PersonInput.model_fields[field].title
        problems.append(FieldProblem(field, code, f"{title}: {message}"))

    if dob is not None and dob > today:
        add("date_of_birth", "in_future", "cannot be in the future")
    elif dob is not None and dob < EARLIEST_BIRTH_DATE:
        add("date_of_birth", "too_early", f"cannot be before {EARLIEST_BIRTH_DATE:%d/%m/%Y}")
    if person.sentence_date is not None:
        if dob is not None and person.sentence_date <= dob:
            add("sentence_date", "before_birth", "must be after the date of birth")
        elif dob is not None and age_on(dob, person.sentence_date) < AGE_OF_CRIMINAL_RESPONSIBILITY:
            add("sentence_date", "under_age", "the person would have been under 10")
        elif person.sentence_date > today:
            add("sentence_date", "in_future", "cannot be in the future")
    for field in ("conditional_release_date", "release_date", "licence_end_date"):
        value: dt.date | None = getattr(person, field)
        if value is None:
            continue
        if dob is not None and value <= dob:
            add(field, "before_birth", "must be after the date of birth")
        elif person.sentence_date is not None and value < person.sentence_date:
            add(field, "before_sentence", "cannot be before the sentence date")
    if (
        person.release_date is not None
        and person.licence_end_date is not None
        and person.licence_end_date < person.release_date
    ):
        add("licence_end_date", "before_release", "cannot be before the release date")
    category = person.offence_category
    if category is not None and category.is_sexual and not person.sexual_offence:
        add("sexual_offence", "category_is_sexual", "must be ticked for a sexual offence")
    return problems


class PersonDetail(BaseModel):
    """Everything the person window shows of the profile, with its version for saving."""

    model_config = ConfigDict(frozen=True)

    id: int
    version: int
    profile: PersonInput
    officer: str | None
    key_worker: str | None
    establishment: str | None
    #: Shown by ``people show`` while the database could not be written: read-only, the
    #: opening logged instead of audited (``domain/read_only_opening.py``).
    read_only_because: ReadOnlyBecause | None = None

    @property
    def name(self) -> str:
        return f"{self.profile.given_name} {self.profile.family_name}"
