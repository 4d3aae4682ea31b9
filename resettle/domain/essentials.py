"""Release-day essentials: the things a person needs on the day they walk out of the gate.

Each essential has a kind, a status (``ActionStatus``, the same vocabulary as plan actions:
not_needed, to_do, in_progress, done), a date (due while open, the day it was done once done),
who is doing it, notes, and details of its own kind. An essential is *open* while it is to do or
in progress. Critical kinds (first-night address, ID, medication, opioid substitution treatment
continuity, naloxone) weigh most in :mod:`resettle.domain.readiness`: the first weeks after
release carry the highest risk of overdose death, and without an address or ID little else can
start (FACTS.md: Marsden et al. 2017; Bird et al. 2016).

Rules (each refusal names the field):
- done needs a date, and not one in the future (``done_date_problems``: a service checks it
  against today, which a model alone does not know);
- first-night address done needs the address; ID in progress or done needs the document type,
  and "other" needs it described; GP registration done needs the practice; OST continuity done
  needs the provider and the first community dose date; first probation appointment done needs
  its date, time and place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, time
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints

from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.plan import ActionStatus
from resettle.domain.text_fields import MULTI_LINE, CheckedText
from resettle.domain.validation import validate

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Address = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), MULTI_LINE]
Notes = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), MULTI_LINE]

OPEN_STATUSES = frozenset({ActionStatus.TO_DO, ActionStatus.IN_PROGRESS})


class EssentialKind(StrEnum):
    FIRST_NIGHT_ADDRESS = "first_night_address"
    ID_DOCUMENT = "id_document"
    BANK_ACCOUNT = "bank_account"
    BENEFITS_CLAIM = "benefits_claim"
    GP_REGISTRATION = "gp_registration"
    MEDICATION_SUPPLY = "medication_supply"
    OST_CONTINUITY = "ost_continuity"
    NALOXONE = "naloxone"
    FIRST_PROBATION_APPOINTMENT = "first_probation_appointment"
    TRAVEL = "travel"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def person_label(self) -> str:
        """The person's words for it, on their own copy of the plan (no staff terms)."""
        return _PERSON_LABELS[self]

    @property
    def critical(self) -> bool:
        return self in CRITICAL_KINDS


_KIND_LABELS = {
    EssentialKind.FIRST_NIGHT_ADDRESS: "First-night address",
    EssentialKind.ID_DOCUMENT: "ID",
    EssentialKind.BANK_ACCOUNT: "Bank account",
    EssentialKind.BENEFITS_CLAIM: "Benefits claim",
    EssentialKind.GP_REGISTRATION: "GP registration",
    EssentialKind.MEDICATION_SUPPLY: "Medication supply",
    EssentialKind.OST_CONTINUITY: "Opioid substitution treatment continuity",
    EssentialKind.NALOXONE: "Naloxone",
    EssentialKind.FIRST_PROBATION_APPOINTMENT: "First probation appointment",
    EssentialKind.TRAVEL: "Travel on release day",
}

_PERSON_LABELS = {
    EssentialKind.FIRST_NIGHT_ADDRESS: "A place to sleep on your first night",
    EssentialKind.ID_DOCUMENT: "Proof of who you are, like a passport",
    EssentialKind.BANK_ACCOUNT: "A bank account",
    EssentialKind.BENEFITS_CLAIM: "Your benefits claim",
    EssentialKind.GP_REGISTRATION: "A doctor near where you will live",
    EssentialKind.MEDICATION_SUPPLY: "Your medicines to take with you",
    EssentialKind.OST_CONTINUITY: "Your drug treatment carrying on after you leave",
    EssentialKind.NALOXONE: "A naloxone kit, to help someone who has overdosed",
    EssentialKind.FIRST_PROBATION_APPOINTMENT: "Your first meeting with probation",
    EssentialKind.TRAVEL: "Getting to places on the day you leave",
}

CRITICAL_KINDS = frozenset(
    {
        EssentialKind.FIRST_NIGHT_ADDRESS,
        EssentialKind.ID_DOCUMENT,
        EssentialKind.MEDICATION_SUPPLY,
        EssentialKind.OST_CONTINUITY,
        EssentialKind.NALOXONE,
    }
)


class AccommodationType(StrEnum):
    APPROVED_PREMISES = "approved_premises"
    CAS2 = "cas2"
    CAS3 = "cas3"
    FAMILY_OR_FRIENDS = "family_or_friends"
    OWN_TENANCY = "own_tenancy"
    SUPPORTED_HOUSING = "supported_housing"
    LOCAL_AUTHORITY_EMERGENCY = "local_authority_emergency"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            AccommodationType.APPROVED_PREMISES: "Approved premises (CAS1)",
            AccommodationType.CAS2: "Bail and HDC accommodation (CAS2)",
            AccommodationType.CAS3: "Temporary accommodation (CAS3)",
            AccommodationType.FAMILY_OR_FRIENDS: "With family or friends",
            AccommodationType.OWN_TENANCY: "Own tenancy",
            AccommodationType.SUPPORTED_HOUSING: "Supported housing",
            AccommodationType.LOCAL_AUTHORITY_EMERGENCY: "Local authority emergency housing",
            AccommodationType.OTHER: "Other",
        }[self]


class IdDocumentType(StrEnum):
    PASSPORT = "passport"
    DRIVING_LICENCE = "driving_licence"
    BIRTH_CERTIFICATE = "birth_certificate"
    BIOMETRIC_RESIDENCE_PERMIT = "biometric_residence_permit"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class EssentialBase(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: EssentialKind
    status: ActionStatus = Field(default=ActionStatus.TO_DO, title="Status")
    action_date: date | None = Field(default=None, title="Date")
    who: ShortText = Field(default="", title="Who")
    notes: Notes = Field(default="", title="Notes")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def cross_field_problems(self) -> list[FieldProblem]:
        problems: list[FieldProblem] = []
        if self.status is ActionStatus.DONE:
            if self.action_date is None:
                problems.append(self._required("action_date", "once it is done"))
            problems += [
                self._required(field, "once it is done")
                for field in self._required_when_done()
                if not getattr(self, field)
            ]
        return problems

    def _required_when_done(self) -> tuple[str, ...]:
        return ()

    @classmethod
    def _required(cls, field: str, why: str) -> FieldProblem:
        title = cls.model_fields[field].title
        return FieldProblem(field, "required", f"{title}: is required {why}")


class FirstNightAddress(EssentialBase):
    kind: Literal[EssentialKind.FIRST_NIGHT_ADDRESS] = EssentialKind.FIRST_NIGHT_ADDRESS
    address: Address = Field(default="", title="Address")
    accommodation_type: AccommodationType | None = Field(default=None, title="Type of place")

    def _required_when_done(self) -> tuple[str, ...]:
        return ("address",)


class IdDocument(EssentialBase):
    kind: Literal[EssentialKind.ID_DOCUMENT] = EssentialKind.ID_DOCUMENT
    id_type: IdDocumentType | None = Field(default=None, title="Type of ID")
    other_detail: ShortText = Field(default="", title="Other ID")

    def cross_field_problems(self) -> list[FieldProblem]:
        problems = super().cross_field_problems()
        if self.status in (ActionStatus.IN_PROGRESS, ActionStatus.DONE) and self.id_type is None:
            problems.append(self._required("id_type", "once work on it has started"))
        if self.id_type is IdDocumentType.OTHER and not self.other_detail:
            problems.append(self._required("other_detail", "when the type is other"))
        return problems


class BankAccount(EssentialBase):
    kind: Literal[EssentialKind.BANK_ACCOUNT] = EssentialKind.BANK_ACCOUNT
    bank_name: ShortText = Field(default="", title="Bank")


class BenefitsClaim(EssentialBase):
    kind: Literal[EssentialKind.BENEFITS_CLAIM] = EssentialKind.BENEFITS_CLAIM
    benefit: ShortText = Field(default="", title="Benefit")


class GpRegistration(EssentialBase):
    kind: Literal[EssentialKind.GP_REGISTRATION] = EssentialKind.GP_REGISTRATION
    practice: ShortText = Field(default="", title="GP practice")

    def _required_when_done(self) -> tuple[str, ...]:
        return ("practice",)


class MedicationSupply(EssentialBase):
    kind: Literal[EssentialKind.MEDICATION_SUPPLY] = EssentialKind.MEDICATION_SUPPLY
    days_supplied: int | None = Field(default=None, ge=0, le=90, title="Days supplied")


class OstContinuity(EssentialBase):
    """Opioid substitution treatment continuity booked with a community service."""

    kind: Literal[EssentialKind.OST_CONTINUITY] = EssentialKind.OST_CONTINUITY
    provider: ShortText = Field(default="", title="Community treatment provider")
    first_dose_date: date | None = Field(default=None, title="First community dose")

    def _required_when_done(self) -> tuple[str, ...]:
        return ("provider", "first_dose_date")


class Naloxone(EssentialBase):
    kind: Literal[EssentialKind.NALOXONE] = EssentialKind.NALOXONE


class FirstProbationAppointment(EssentialBase):
    kind: Literal[EssentialKind.FIRST_PROBATION_APPOINTMENT] = (
        EssentialKind.FIRST_PROBATION_APPOINTMENT
    )
    appointment_date: date | None = Field(default=None, title="Appointment date")
    appointment_time: time | None = Field(default=None, title="Appointment time")
    place: ShortText = Field(default="", title="Place")

    def _required_when_done(self) -> tuple[str, ...]:
        return ("appointment_date", "appointment_time", "place")


class Travel(EssentialBase):
    kind: Literal[EssentialKind.TRAVEL] = EssentialKind.TRAVEL
    arrangement: ShortText = Field(default="", title="Arrangement")


Essential = Annotated[
    FirstNightAddress
    | IdDocument
    | BankAccount
    | BenefitsClaim
    | GpRegistration
    | MedicationSupply
    | OstContinuity
    | Naloxone
    | FirstProbationAppointment
    | Travel,
    Field(discriminator="kind"),
]

ESSENTIAL_MODELS: dict[EssentialKind, type[EssentialBase]] = {
    EssentialKind.FIRST_NIGHT_ADDRESS: FirstNightAddress,
    EssentialKind.ID_DOCUMENT: IdDocument,
    EssentialKind.BANK_ACCOUNT: BankAccount,
    EssentialKind.BENEFITS_CLAIM: BenefitsClaim,
    EssentialKind.GP_REGISTRATION: GpRegistration,
    EssentialKind.MEDICATION_SUPPLY: MedicationSupply,
    EssentialKind.OST_CONTINUITY: OstContinuity,
    EssentialKind.NALOXONE: Naloxone,
    EssentialKind.FIRST_PROBATION_APPOINTMENT: FirstProbationAppointment,
    EssentialKind.TRAVEL: Travel,
}


def parse_essential(data: Mapping[str, Any]) -> Essential:
    """Validate a form's data into the model of its ``kind``; ValidationFailed names fields."""
    try:
        kind = EssentialKind(str(data.get("kind")))
    except ValueError:
        raise ValidationFailed.single(
            "kind", "unknown", "Essential: is not a kind Resettle knows"
        ) from None
    return validate(ESSENTIAL_MODELS[kind], data)  # type: ignore[return-value]


def done_date_problems(essential: EssentialBase, today: date) -> list[FieldProblem]:
    """ "Done" is a fact: its date cannot be after ``today``."""
    return done_on_problems(essential.status, essential.action_date, today)


def done_on_problems(status: object, when: object, today: date) -> list[FieldProblem]:
    """:func:`done_date_problems` on a form's values, before the rest of the form is valid
    (a form shows every problem at once, not this one after the others are put right)."""
    if status is ActionStatus.DONE and isinstance(when, date) and when > today:
        title = EssentialBase.model_fields["action_date"].title
        return [
            FieldProblem(
                "action_date",
                "done_in_future",
                f"{title}: cannot be in the future once it is done",
            )
        ]
    return []


def check_done_date(essential: EssentialBase, today: date) -> None:
    """Raise ValidationFailed naming ``action_date`` when done is dated after ``today``."""
    problems = done_date_problems(essential, today)
    if problems:
        raise ValidationFailed(problems)


def open_counts(essentials: Iterable[EssentialBase]) -> tuple[int, int]:
    """(open critical, open other): the inputs of :func:`readiness.readiness`."""
    critical = other = 0
    for essential in essentials:
        if essential.is_open:
            if essential.kind.critical:
                critical += 1
            else:
                other += 1
    return critical, other


def open_counts_before_any_record() -> tuple[int, int]:
    """Open counts of a person with no essential recorded yet: every essential is still to do
    (as the Release day tab shows them), so a new person is never counted ready."""
    return open_counts(model(kind=kind) for kind, model in ESSENTIAL_MODELS.items())
