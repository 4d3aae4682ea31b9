"""The programme catalogue: each programme's code, targets, setting, intensity, modules and
session templates, and eligibility.

Codes (``BC-HIGH``) are stable: never renamed or reused, so referrals and history stay
readable; a programme is retired, never deleted. Criminogenic needs are the evidence pack's
codes (``evidence/codes.CriminogenicNeed``); the domain keeps them as code strings and
``evidence/programme_links.py`` checks them, with the evidence-pack intervention id, against
the pack (the domain does not import the evidence layer).

Facts the sources do not give exactly are not invented: ``weeks_to_complete`` is a range (or
only its floor, when that is all that is published), and
``approximate`` names every field whose value is an estimate or a placeholder, with ``source``
saying where the rest comes from.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Self

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_serializer,
    field_validator,
    model_validator,
)

from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.known_codes import codes_listed
from resettle.domain.pathways import Pathway
from resettle.domain.risk import OffenceCategory, RiskLevel, Sex
from resettle.domain.text_fields import CheckedText

_CODE = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")


def _programme_code(value: str) -> str:
    if len(value) > 32 or not _CODE.fullmatch(value):
        raise ValueError("capital letters and digits, words joined by hyphens, e.g. BC-HIGH")
    return value


ProgrammeCode = Annotated[str, AfterValidator(_programme_code)]
NeedCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,63}$")]
InterventionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,79}$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]


class ProgrammeSetting(StrEnum):
    CUSTODY = "custody"
    COMMUNITY = "community"


class ProgrammeIntensity(StrEnum):
    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"
    #: Not an offending-behaviour programme graded by intensity (an education course).
    NOT_GRADED = "not_graded"


class SessionType(StrEnum):
    GROUP = "group"
    ONE_TO_ONE = "one_to_one"


class LdcSuitability(StrEnum):
    """Suitable for people with learning disabilities or challenges (LDC)?"""

    YES = "yes"
    NO = "no"
    WITH_ADAPTATIONS = "with_adaptations"


class SessionTemplate(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    number: int = Field(ge=1, le=200, title="Session number")
    name: Name = Field(title="Session")
    session_type: SessionType = Field(title="Session type")
    minutes: int = Field(ge=10, le=480, title="Length (minutes)")


class ProgrammeModule(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    number: int = Field(ge=1, le=100, title="Module number")
    name: Name = Field(title="Module")
    sessions: tuple[SessionTemplate, ...] = Field(title="Sessions")
    #: Preparation and assessment before the group starts: its sessions are not substantive,
    #: so attending only them does not complete the programme (``programme_completion``).
    pre_group: bool = Field(default=False, title="Pre-group module")

    @field_validator("sessions")
    @classmethod
    def _some_sessions(cls, sessions: tuple[SessionTemplate, ...]) -> tuple[SessionTemplate, ...]:
        if not sessions:
            raise ValueError("a module needs at least one session")
        return sessions

    @model_validator(mode="after")
    def _session_numbers_unique(self) -> Self:
        numbers = [session.number for session in self.sessions]
        if len(numbers) != len(set(numbers)):
            raise ValueError(f"module {self.number}: a session number appears twice")
        return self


class WeeksRange(CheckedText):
    """Time needed to complete, in weeks: a range, as the providers publish it. A provider
    that publishes only a floor ("at least 6 months") gives no ``maximum`` (None): no upper
    bound is invented."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    minimum: int = Field(ge=1, le=520, title="Fewest weeks")
    maximum: int | None = Field(default=None, ge=1, le=520, title="Most weeks")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.maximum is not None and self.maximum < self.minimum:
            raise ValueError("most weeks is fewer than fewest weeks")
        return self


class Eligibility(CheckedText):
    """Who a programme is for. An empty set means "any"; ``needs`` is any-of."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    risk_levels: frozenset[RiskLevel] = Field(default=frozenset(), title="Risk bands")
    needs: frozenset[NeedCode] = Field(default=frozenset(), title="Needs (any of)")
    sexes: frozenset[Sex] = Field(default=frozenset(), title="Sex")
    offence_categories: frozenset[OffenceCategory] = Field(
        default=frozenset(), title="Offence types"
    )
    ldc_suitability: LdcSuitability = Field(
        default=LdcSuitability.YES, title="Suitable for learning disabilities or challenges"
    )

    @field_serializer("risk_levels", "needs", "sexes", "offence_categories")
    def _sorted(self, values: frozenset[str]) -> list[str]:
        return sorted(values)  # one stored form, whatever the set's order


class Programme(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: ProgrammeCode = Field(title="Code")
    name: Name = Field(title="Name")
    provider: Name = Field(title="Provider")
    pathways: frozenset[Pathway] = Field(title="Pathways")
    criminogenic_needs: frozenset[NeedCode] = Field(default=frozenset(), title="Needs targeted")
    setting: ProgrammeSetting = Field(title="Setting")
    intensity: ProgrammeIntensity = Field(title="Intensity")
    modules: tuple[ProgrammeModule, ...] = Field(title="Modules")
    eligibility: Eligibility = Field(default_factory=Eligibility, title="Eligibility")
    weeks_to_complete: WeeksRange | None = Field(default=None, title="Time to complete")
    evidence_intervention_id: InterventionId | None = Field(
        default=None, title="Evidence pack intervention"
    )
    active: bool = Field(default=True, title="Active")
    #: Where the facts come from (a citation, not the whole text).
    source: Text = Field(default="", title="Source")
    #: Fields whose value is an estimate or a placeholder, not a published fact.
    approximate: frozenset[str] = Field(default=frozenset(), title="Approximate fields")

    @field_serializer("pathways", "criminogenic_needs", "approximate")
    def _sorted(self, values: frozenset[str]) -> list[str]:
        return sorted(values)  # one stored form, whatever the set's order

    @model_validator(mode="after")
    def _modules_ordered(self) -> Self:
        numbers = [module.number for module in self.modules]
        if len(numbers) != len(set(numbers)):
            raise ValueError("a module number appears twice")
        return self

    @field_validator("modules")
    @classmethod
    def _some_modules(cls, modules: tuple[ProgrammeModule, ...]) -> tuple[ProgrammeModule, ...]:
        if not modules:
            raise ValueError("needs at least one module")
        return modules

    @field_validator("pathways")
    @classmethod
    def _some_pathway(cls, pathways: frozenset[Pathway]) -> frozenset[Pathway]:
        if not pathways:
            raise ValueError("choose at least one pathway")
        return pathways

    @field_validator("approximate")
    @classmethod
    def _known_fields(cls, names: frozenset[str]) -> frozenset[str]:
        unknown = names - set(cls.model_fields) - {"sessions"}
        if unknown:
            raise ValueError(f"{', '.join(sorted(unknown))} is not a programme field")
        return names

    def session_templates(self) -> tuple[tuple[ProgrammeModule, SessionTemplate], ...]:
        """Every session in delivery order: module by module, session by session."""
        return tuple(
            (module, session)
            for module in sorted(self.modules, key=lambda m: m.number)
            for session in sorted(module.sessions, key=lambda s: s.number)
        )

    @property
    def total_minutes(self) -> int:
        return sum(session.minutes for _, session in self.session_templates())


class ProgrammeCatalogue(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    programmes: tuple[Programme, ...] = ()

    @model_validator(mode="after")
    def _codes_unique(self) -> Self:
        seen: set[str] = set()
        for programme in self.programmes:
            if programme.code in seen:
                raise ValueError(f"code {programme.code!r} appears twice")
            seen.add(programme.code)
        return self

    def get(self, code: str) -> Programme | None:
        return next((p for p in self.programmes if p.code == code), None)

    def require(self, code: str, *, field: str = "code") -> Programme:
        programme = self.get(code)
        if programme is None:
            raise ValidationFailed.single(
                field,
                "unknown",
                f"Programme: {code!r} is not in the programme catalogue"
                + codes_listed(p.code for p in self.programmes),
            )
        return programme

    def active(self) -> tuple[Programme, ...]:
        return tuple(p for p in self.programmes if p.active)

    def add(self, programme: Programme) -> ProgrammeCatalogue:
        if self.get(programme.code) is not None:
            raise ValidationFailed.single(
                "code", "duplicate", f"Code: {programme.code!r} is already in the catalogue"
            )
        return self.model_copy(update={"programmes": (*self.programmes, programme)})

    def change(self, changed: Programme) -> ProgrammeCatalogue:
        """Replace a programme by a changed version with the same code."""
        self.require(changed.code)
        programmes = tuple(changed if p.code == changed.code else p for p in self.programmes)
        return self.model_copy(update={"programmes": programmes})

    def set_active(self, code: str, active: bool) -> ProgrammeCatalogue:
        """Retire (or bring back) a programme; offerings and history keep it."""
        return self.change(self.require(code).model_copy(update={"active": active}))


def programme_problems(
    programme: Programme, known_need_codes: frozenset[str]
) -> list[FieldProblem]:
    """Need codes the programme names that are not in ``known_need_codes``."""
    problems = []
    for where, codes in (
        ("criminogenic_needs", programme.criminogenic_needs),
        ("eligibility.needs", programme.eligibility.needs),
    ):
        for code in sorted(codes - known_need_codes):
            problems.append(
                FieldProblem(where, "unknown_need", f"Needs: {code!r} is not a criminogenic need")
            )
    return problems
