"""The case profile the recommender reads (one person, at one point in time).

Annotations are evaluated as the module loads (no ``from __future__ import annotations``):
Pydantic would otherwise compile every annotation string while it builds the models,
which the command line pays for at start-up (docs/performance.md).
"""

from collections.abc import Iterable
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.input_files import InputRefused, check_size, decode_text, parse_json
from resettle.domain.limits import IMPORT_FILE_MAX_BYTES
from resettle.domain.pathways import Pathway
from resettle.domain.risk import OffenceCategory, RiskLevel, Sex
from resettle.evidence.codes import NeedSeverity, ProfileFlag
from resettle.evidence.problems import format_location


class PathwayNeed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    severity: NeedSeverity
    #: The officer judges this need linked to the person's offending.
    criminogenic: bool = False
    #: The person declined support on this pathway (status "support declined" on the Needs
    #: tab): items that serve only declined needs are held back, safety items stay first.
    declined: bool = False


class CaseProfile(BaseModel):
    """Input of ``recommend()``. Unknown fields and codes are errors naming them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    age: int = Field(ge=10, le=120)
    sex: Sex
    risk_level: RiskLevel
    #: OGRS3 two-year score in percent (shown only; the confirmed risk_level decides).
    ogrs3_two_year: float | None = Field(default=None, ge=0, le=100)
    offence_category: OffenceCategory
    #: Any sexual conviction, current or previous.
    sexual_offence: bool
    #: Negative when the person is already released.
    days_to_release: int
    needs: dict[Pathway, PathwayNeed] = Field(default_factory=dict)
    #: Stored sorted and without repeats, so the same profile always serialises the same.
    flags: tuple[ProfileFlag, ...] = ()
    completed: tuple[str, ...] = ()
    in_progress: tuple[str, ...] = ()
    #: Work in progress that will not have ended by release (a programme expected to end after
    #: release, or with no end known): it carries on in the community, so it is recommended as
    #: "continue after release" instead of left out as in progress. Each id is also in
    #: ``in_progress``.
    continue_after_release: tuple[str, ...] = ()

    @field_validator("flags", "completed", "in_progress", "continue_after_release")
    @classmethod
    def _sorted_unique(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(set(value)))

    @field_validator("sexual_offence")
    @classmethod
    def _sexual_offence_consistent(cls, value: bool, info: ValidationInfo) -> bool:
        category = info.data.get("offence_category")
        if isinstance(category, OffenceCategory) and category.is_sexual and not value:
            raise ValueError(f"must be true when offence_category is {category}")
        return value

    @model_validator(mode="after")
    def _continuing_is_in_progress(self) -> "CaseProfile":
        if not set(self.continue_after_release) <= set(self.in_progress):
            raise ValueError("continue_after_release: every id must also be in in_progress")
        return self

    def need(self, pathway: Pathway) -> PathwayNeed | None:
        return self.needs.get(pathway)


class ProfileInvalid(ValidationFailed):
    """A profile that cannot be used; each problem names its field."""


def check_intervention_ids(profile: CaseProfile, known: Iterable[str]) -> None:
    """Raise ``ProfileInvalid`` naming every id in completed/in_progress not in the pack."""
    known = known if isinstance(known, frozenset | set) else set(known)
    if (
        known.issuperset(profile.completed)
        and known.issuperset(profile.in_progress)
        and known.issuperset(profile.continue_after_release)
    ):
        return
    problems = _unknown_ids(
        {
            "completed": profile.completed,
            "in_progress": profile.in_progress,
            "continue_after_release": profile.continue_after_release,
        },
        set(known),
    )
    if problems:
        raise ProfileInvalid(problems)


def parse_profile(
    data: dict[str, Any] | str | bytes, known_ids: Iterable[str] | None = None
) -> CaseProfile:
    """Validate a profile from a dict or JSON text; ``ProfileInvalid`` lists every problem,
    including ids in completed/in_progress that ``known_ids`` does not hold."""
    if isinstance(data, str | bytes):
        return load_profile_json(data, known_ids)
    known = None if known_ids is None else set(known_ids)
    id_problems = [] if known is None else _unknown_ids(data, known)
    try:
        profile = CaseProfile.model_validate(data)
    except ValidationError as exc:
        raise ProfileInvalid(_problems(exc) + id_problems) from None
    if id_problems:
        raise ProfileInvalid(id_problems)
    return profile


def _unknown_ids(data: Any, known: set[str]) -> list[FieldProblem]:
    problems = []
    for field in ("completed", "in_progress", "continue_after_release"):
        values = data.get(field) if isinstance(data, dict) else None
        if not isinstance(values, list | set | frozenset | tuple):
            continue
        for ident in sorted(v for v in values if isinstance(v, str) and v not in known):
            problems.append(
                FieldProblem(field, "unknown_intervention", f"unknown intervention id {ident!r}")
            )
    return problems


def load_profile_json(text: str | bytes, known_ids: Iterable[str] | None = None) -> CaseProfile:
    """Like ``parse_profile`` but reports invalid JSON as a problem too (and, for bytes, a
    file too large, not UTF-8 or holding NUL; for any text, nesting too deep)."""
    try:
        if isinstance(text, bytes):
            check_size(text, label="profile", max_bytes=IMPORT_FILE_MAX_BYTES)
            text = decode_text(text, label="profile")
        data = parse_json(text, label="profile")
    except InputRefused as refused:
        code = "invalid_json" if refused.kind == "not_json" else refused.kind
        raise ProfileInvalid(
            [FieldProblem(refused.where or "(profile)", code, refused.reason)]
        ) from None
    if not isinstance(data, dict):
        raise ProfileInvalid.single("(profile)", "invalid_value", "a profile must be a JSON object")
    return parse_profile(data, known_ids)


def _problems(exc: ValidationError) -> list[FieldProblem]:
    problems = []
    for item in exc.errors(include_url=False):
        loc = [p for p in item["loc"] if not (isinstance(p, str) and p.startswith("["))]
        field = format_location(loc) if loc else "(profile)"
        kind = item["type"]
        if kind == "extra_forbidden":
            problems.append(FieldProblem(field, "unknown_field", "unknown field"))
        elif kind == "missing":
            problems.append(FieldProblem(field, "missing_field", "field required"))
        elif kind in ("enum", "literal_error"):
            problems.append(
                FieldProblem(
                    field, "unknown_code", f"unknown code {item.get('input')!r}: {item['msg']}"
                )
            )
        else:
            problems.append(FieldProblem(field, "invalid_value", item["msg"]))
    return problems
