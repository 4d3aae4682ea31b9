"""The statuses of a referral to a programme, and the reasons a referral is withdrawn,
deselected or placed at a different intensity from its programme pathway: codes, words and
flags, as migration 0020 seeds them (``tests/storage/test_programme_workflow_seed.py``
checks the database against this module).

Fifteen statuses. The HMPPS accredited-programmes service has a sixteenth, for referrals moved
from its older programmes onto Building Choices when those were replaced; every move into it
has since been removed there and it is marked inactive. Resettle has no referrals to the older
programmes to carry over, so it has no such status: a referral to Building Choices is made to
Building Choices.

Words are data (the statuses table holds them, as the catalogue holds its labels); code that
needs a particular status names it by :class:`ProgrammeReferralStatus`.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class ProgrammeReferralStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    AWAITING_ASSESSMENT = "awaiting_assessment"
    ASSESSMENT_STARTED = "assessment_started"
    ASSESSED_SUITABLE = "assessed_suitable"
    ON_PROGRAMME = "on_programme"
    SUITABLE_NOT_READY = "suitable_not_ready"
    ON_HOLD_SUBMITTED = "on_hold_submitted"
    ON_HOLD_AWAITING_ASSESSMENT = "on_hold_awaiting_assessment"
    ON_HOLD_ASSESSMENT_STARTED = "on_hold_assessment_started"
    PROGRAMME_COMPLETE = "programme_complete"
    NOT_ELIGIBLE = "not_eligible"
    NOT_SUITABLE = "not_suitable"
    DESELECTED = "deselected"
    WITHDRAWN = "withdrawn"


class ReasonGroup(StrEnum):
    """Which list of categories and reasons a move asks for."""

    WITHDRAWN = "withdrawn"
    DESELECTED = "deselected"
    #: Why a referral is assessed as suitable at a different intensity from the pathway.
    PATHWAY_OVERRIDE = "pathway_override"


class StatusDefinition(BaseModel):
    """One status. *Open* means under way: neither a draft nor closed."""

    model_config = ConfigDict(frozen=True)

    code: str
    label: str
    draft: bool = False
    closed: bool = False
    on_hold: bool = False
    #: Where it sorts in lists and pictures (the way through first, closed last).
    display_order: int
    #: The reasons a move into this status asks for (None: none).
    reason_group: ReasonGroup | None = None

    @property
    def open(self) -> bool:
        return not self.draft and not self.closed


class Reason(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    label: str
    #: A deselection for this reason may keep the referral open (false for every reason that
    #: is not a deselection's: the word has no meaning there).
    may_stay_open: bool = False


class ReasonCategory(BaseModel):
    """A heading of reasons. A category without reasons ("Other") asks for notes instead."""

    model_config = ConfigDict(frozen=True)

    code: str
    group: ReasonGroup
    label: str
    reasons: tuple[Reason, ...] = ()


S = ProgrammeReferralStatus

#: The statuses, in display order.
STATUSES: tuple[StatusDefinition, ...] = (
    StatusDefinition(code=S.DRAFT, label="Draft referral", draft=True, display_order=10),
    StatusDefinition(code=S.SUBMITTED, label="Referral submitted", display_order=20),
    StatusDefinition(code=S.AWAITING_ASSESSMENT, label="Awaiting assessment", display_order=30),
    StatusDefinition(code=S.ASSESSMENT_STARTED, label="Assessment started", display_order=40),
    StatusDefinition(code=S.ASSESSED_SUITABLE, label="Assessed as suitable", display_order=50),
    StatusDefinition(code=S.ON_PROGRAMME, label="On programme", display_order=60),
    StatusDefinition(
        code=S.SUITABLE_NOT_READY, label="Suitable but not ready", on_hold=True, display_order=70
    ),
    StatusDefinition(
        code=S.ON_HOLD_SUBMITTED,
        label="On hold (referral submitted)",
        on_hold=True,
        display_order=80,
    ),
    StatusDefinition(
        code=S.ON_HOLD_AWAITING_ASSESSMENT,
        label="On hold (awaiting assessment)",
        on_hold=True,
        display_order=81,
    ),
    StatusDefinition(
        code=S.ON_HOLD_ASSESSMENT_STARTED,
        label="On hold (assessment started)",
        on_hold=True,
        display_order=82,
    ),
    StatusDefinition(
        code=S.PROGRAMME_COMPLETE, label="Programme complete", closed=True, display_order=90
    ),
    StatusDefinition(code=S.NOT_ELIGIBLE, label="Not eligible", closed=True, display_order=100),
    StatusDefinition(code=S.NOT_SUITABLE, label="Not suitable", closed=True, display_order=110),
    StatusDefinition(
        code=S.DESELECTED,
        label="Deselected",
        closed=True,
        display_order=120,
        reason_group=ReasonGroup.DESELECTED,
    ),
    StatusDefinition(
        code=S.WITHDRAWN,
        label="Withdrawn",
        closed=True,
        display_order=130,
        reason_group=ReasonGroup.WITHDRAWN,
    ),
)


#: The statuses at which a referral is given a group place: assessed, and waiting for one.
#: A referral is assessed before it takes a place; on the programme it already holds one.
PLACE_GIVEN_AT: frozenset[str] = frozenset({S.ASSESSED_SUITABLE.value, S.SUITABLE_NOT_READY.value})


def _reasons(*pairs: tuple[str, str], closing: frozenset[str] = frozenset()) -> tuple[Reason, ...]:
    """Reasons of a deselection category: all may stay open but those in ``closing``."""
    return tuple(
        Reason(code=code, label=label, may_stay_open=code not in closing) for code, label in pairs
    )


def _plain(*pairs: tuple[str, str]) -> tuple[Reason, ...]:
    return tuple(Reason(code=code, label=label) for code, label in pairs)


W, D, PO = ReasonGroup.WITHDRAWN, ReasonGroup.DESELECTED, ReasonGroup.PATHWAY_OVERRIDE

#: Deselection reasons after which the referral cannot stay open: the person has gone, or the
#: programme has.
DESELECTIONS_THAT_CLOSE = frozenset(
    {
        "deselected_death",
        "deselected_not_available",
        "deselected_deported",
        "deselected_released_on_parole",
        "deselected_sentence_ended",
    }
)

#: Every category with its reasons, in display order within each group.
CATEGORIES: tuple[ReasonCategory, ...] = (
    ReasonCategory(
        code="withdrawn_administrative",
        group=W,
        label="Administrative",
        reasons=_plain(
            ("withdrawn_duplicate", "Duplicate referral"),
            ("withdrawn_made_in_error", "Referral made in error"),
        ),
    ),
    ReasonCategory(
        code="withdrawn_motivation_behaviour",
        group=W,
        label="Motivation and behaviour",
        reasons=_plain(
            ("withdrawn_behaviour", "Behaviour"),
            ("withdrawn_motivation", "Motivation"),
        ),
    ),
    ReasonCategory(
        code="withdrawn_operational",
        group=W,
        label="Operational",
        reasons=_plain(
            ("withdrawn_not_available", "Programme not available"),
            ("withdrawn_transfer", "Transfer to another establishment"),
            ("withdrawn_not_enough_time", "Not enough time to complete the programme"),
            ("withdrawn_released", "Released"),
            ("withdrawn_sentence_ended", "Sentence ended"),
            ("withdrawn_other_release", "Other kind of release"),
        ),
    ),
    ReasonCategory(
        code="withdrawn_personal",
        group=W,
        label="Personal",
        reasons=_plain(
            ("withdrawn_death", "Died"),
            ("withdrawn_solicitor", "On a solicitor's advice"),
            ("withdrawn_health", "Health"),
            ("withdrawn_non_associations", "Non-associations"),
            ("withdrawn_personal_reasons", "Personal reasons"),
            ("withdrawn_safety", "Safety"),
            ("withdrawn_risk_scores", "Risk scores changed"),
        ),
    ),
    ReasonCategory(code="withdrawn_other", group=W, label="Other"),
    ReasonCategory(
        code="deselected_motivation_behaviour",
        group=D,
        label="Motivation and behaviour",
        reasons=_reasons(
            ("deselected_attitude", "Attitude to the programme"),
            ("deselected_behaviour_in_sessions", "Behaviour in sessions"),
            ("deselected_behaviour_outside", "Behaviour outside sessions"),
            ("deselected_personal_issues", "Issues that stop them taking part"),
            ("deselected_missed_sessions", "Missed too many sessions"),
            ("deselected_motivation", "Motivation"),
        ),
    ),
    ReasonCategory(
        code="deselected_operational",
        group=D,
        label="Operational",
        reasons=_reasons(
            ("deselected_not_available", "Programme not available"),
            ("deselected_deported", "Deported"),
            ("deselected_did_not_return", "Did not return from temporary release"),
            ("deselected_segregation", "In segregation"),
            ("deselected_transfer", "Transferred"),
            ("deselected_not_allowed", "Not allowed to attend (Prison Rule 53)"),
            ("deselected_regime", "Regime changes"),
            ("deselected_released_on_parole", "Released on parole"),
            ("deselected_safer_custody", "Safer custody"),
            ("deselected_sentence_ended", "Sentence ended"),
            ("deselected_other_release", "Other kind of release"),
            closing=DESELECTIONS_THAT_CLOSE,
        ),
    ),
    ReasonCategory(
        code="deselected_personal",
        group=D,
        label="Personal",
        reasons=_reasons(
            ("deselected_alcohol_drugs", "Alcohol or drugs"),
            ("deselected_death", "Died"),
            ("deselected_solicitor", "On a solicitor's advice"),
            ("deselected_health", "Health"),
            closing=DESELECTIONS_THAT_CLOSE,
        ),
    ),
    ReasonCategory(code="deselected_other", group=D, label="Other"),
    ReasonCategory(
        code="override_risk",
        group=PO,
        label="Risk",
        reasons=_plain(
            ("override_sexual_killing", "Sexual killing in the offending history"),
            ("override_extremist_offending", "Extremist offending"),
            ("override_reoffending_risk", "Risk of reoffending"),
            ("override_needs_high_intensity", "Needs call for high intensity"),
            ("override_needs_moderate_intensity", "Needs call for moderate intensity"),
        ),
    ),
    ReasonCategory(
        code="override_incomplete_information",
        group=PO,
        label="Information incomplete",
        reasons=_plain(
            ("override_missing_information", "Information missing"),
            ("override_outdated_information", "Information out of date"),
        ),
    ),
    ReasonCategory(
        code="override_sentence",
        group=PO,
        label="Sentence",
        reasons=_plain(("override_high_rosh", "High risk of serious harm")),
    ),
    ReasonCategory(
        code="override_operational",
        group=PO,
        label="Operational",
        reasons=_plain(
            ("override_not_enough_time", "Not enough time to complete the pathway's intensity"),
        ),
    ),
)
