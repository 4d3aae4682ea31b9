"""Pydantic models of an evidence pack file (schema version 2).

Schema 2 (pack 1.2.0) added ``plain_title`` and ``plain_sentence`` to every intervention:
the words the person's copy of a plan prints in place of the intervention's name.

Structure only: each model checks its own fields. Checks that span the file (duplicate
ids, references between sections, consistency of ratings) live in ``integrity.py`` so
that they can run on a file whose structure is broken too and every problem is listed
at once.
Annotations are evaluated as the module loads (no ``from __future__ import annotations``):
Pydantic would otherwise compile every annotation string while it builds the models,
which the command line pays for at start-up (docs/performance.md).
"""

import datetime as dt
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from resettle.domain.pathways import Pathway
from resettle.domain.risk import OffenceCategory, RiskLevel, Sex
from resettle.evidence.codes import (
    CriminogenicNeed,
    EffectDirection,
    EvidenceSetting,
    EvidenceStatus,
    Intensity,
    InterventionPurpose,
    InterventionTag,
    OutcomeType,
    PathwayNoteKind,
    PrincipleRule,
    ProfileFlag,
    RatingScheme,
    ResponsivityFactor,
    Setting,
    SexualOffenceRule,
    SourceType,
    VerificationStatus,
)

SCHEMA_VERSION = 2
NOT_REPORTED = "not reported"
#: Days a custody intervention needs before release when the pack gives none.
DEFAULT_CUSTODY_MIN_DAYS = 28

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
SemVer = Annotated[str, StringConstraints(pattern=r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: A plain-language title for the person's copy ("A group course on thinking and behaviour").
PlainTitle = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
#: One sentence for the person ("You meet in a small group every week to ...").
PlainSentence = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]


class _Model(BaseModel):
    # Validators are built on first use, not at import: ``resettle recommend`` reads the pack
    # prepared and pickled (``recommender_cache``) and never validates one.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ChangelogEntry(_Model):
    version: SemVer
    date: dt.date
    changes: list[Text] = Field(min_length=1)


#: What the pack writes for authors it has not confirmed (never printed as a name).
UNCONFIRMED_AUTHORS = frozenset({"unverified", "unknown", "not confirmed"})
AUTHORS_NOT_CONFIRMED = "(authors not confirmed)"


class Citation(_Model):
    id: Identifier
    authors: Text
    #: ``None`` when the source gives no date (shown as "n.d.").
    year: int | None = Field(ge=1900, le=2100)
    title: Text
    #: Journal, series or publisher.
    container: Text
    #: Volume, issue, pages or report number, as far as checked.
    details: Text | None = None
    doi: Text | None = None
    url: Text | None = None
    note: Text | None = None

    @property
    def authors_confirmed(self) -> bool:
        """False when the pack marks the authors as not yet checked (``"unverified"``)."""
        return self.authors.strip().lower() not in UNCONFIRMED_AUTHORS

    def formatted(self) -> str:
        year = "n.d." if self.year is None else str(self.year)
        if self.authors_confirmed:
            head = f"{self.authors} ({year})"
        else:
            head = f"{AUTHORS_NOT_CONFIRMED} {year}"
        parts = [f"{head}. {self.title}. {self.container}"]
        if self.details:
            parts.append(f", {self.details}")
        text = "".join(parts) + "."
        if self.doi:
            text += f" doi:{self.doi}"
        elif self.url:
            text += f" {self.url}"
        return text

    def short(self) -> str:
        """``Lipsey et al. 2007`` style, for reasons."""
        year = "n.d." if self.year is None else str(self.year)
        if not self.authors_confirmed:
            return f"{AUTHORS_NOT_CONFIRMED} {year}"
        if "," in self.authors:
            return f"{_surname(self.authors.split(',', 1)[0])} et al. {year}"
        return f"{self.authors} {year}"


def _surname(author: str) -> str:
    """``van Beek`` from ``van Beek G``: the name without its trailing initials."""
    words = author.split()
    while len(words) > 1 and words[-1].replace(".", "").isupper() and len(words[-1]) <= 4:
        words.pop()
    return " ".join(words)


class Effect(_Model):
    direction: EffectDirection
    #: e.g. "hazard ratio (adjusted)", "relative reduction"; "not reported" when none.
    metric: Text
    value: Text
    confidence_interval: Text
    #: The finding in the source's own words (quoted where possible).
    statement: Text


class NativeRating(_Model):
    """A rating exactly as the rating scheme words it."""

    scheme: RatingScheme
    effect_label: Text | None = None
    quality_label: Text | None = None
    statement: Text | None = None

    @model_validator(mode="after")
    def _words_match_scheme(self) -> Self:
        words = (self.effect_label, self.quality_label, self.statement)
        if self.scheme is RatingScheme.NONE and any(words):
            raise ValueError("scheme 'none' cannot carry rating words")
        if self.scheme is not RatingScheme.NONE and not any(words):
            raise ValueError(f"scheme '{self.scheme}' needs at least one rating word")
        return self

    def display(self) -> str:
        """The scheme's name and its words ("none" when no scheme rated it)."""
        if self.scheme is RatingScheme.NONE:
            return "none"
        return f"{self.scheme.label}: {self.words()}"

    def printed_words(self) -> tuple[str, ...]:
        """The scheme's own words as a reader sees them, one line each, without its name (none
        when no scheme rated it): the effect (its label, or the scheme's statement quoted when
        it gives no label), then the quality; a label under the scheme's dimension name unless
        it already names it ("Effect: Overall reduction", "Evidence quality 3")."""
        lines = []
        if self.effect_label:
            lines.append(_named("Effect", self.effect_label))
        elif self.statement:
            lines.append(f"\u201c{self.statement}\u201d")
        if self.quality_label:
            lines.append(_named("Quality", self.quality_label))
        return tuple(lines)

    def words(self) -> str:
        """The scheme's own words, quoted, without its name ("" when no scheme rated it)."""
        parts = []
        if self.effect_label:
            parts.append(f'effect "{self.effect_label}"')
        if self.quality_label:
            parts.append(f'quality "{self.quality_label}"')
        if self.statement and not parts:
            parts.append(f'"{self.statement}"')
        return ", ".join(parts)


def _named(dimension: str, label: str) -> str:
    return label if dimension.lower() in label.lower() else f"{dimension}: {label}"


class EmmieNotes(_Model):
    effect: Text | None = None
    mechanism: Text | None = None
    moderators: Text | None = None
    implementation: Text | None = None
    economic_cost: Text | None = None


class Verification(_Model):
    status: VerificationStatus
    #: Where the figures were checked (URLs or document names).
    checked_sources: list[Text] = Field(default_factory=list)
    note: Text | None = None


class EvidenceRecord(_Model):
    id: Identifier
    citation_id: Identifier
    source_type: SourceType
    population: Text
    #: True when the population studied differs from adult prison leavers (e.g. youth, or
    #: consenting people before sentence): the record counts at half strength.
    indirect_population: bool = False
    outcome: Text
    #: What kind of outcome was measured; ranking counts reoffending (and death or overdose
    #: for the safety items) only. Required on intervention records; a principle's theory or
    #: rule source may have none.
    outcome_type: OutcomeType | None = None
    #: Why the type was chosen where no type fits exactly (e.g. substance use).
    outcome_type_note: Text | None = None
    #: Where the studied intervention was delivered. Records specific to an intervention's
    #: setting override general (mixed) reviews for the same outcome.
    setting: EvidenceSetting | None = None
    #: Risk levels the finding holds for (empty: all). A finding that differs by risk is
    #: recorded as one record per group.
    risk_levels: list[RiskLevel] = Field(default_factory=list)
    #: The finding in plain words for the officer ("fewer deaths in the four weeks after
    #: release"); without it the reason is built from the outcome type and direction.
    plain_finding: Text | None = None
    effect: Effect
    native_rating: NativeRating
    #: Normalised quality of evidence, 0 (none) to 4 (very strong).
    quality: int = Field(ge=0, le=4)
    quality_basis: Text
    emmie: EmmieNotes | None = None
    verification: Verification

    @model_validator(mode="after")
    def _practice_guidance_is_quality_zero(self) -> Self:
        if self.source_type is SourceType.PRACTICE_GUIDANCE and self.quality != 0:
            raise ValueError("practice guidance is not evidence of effect: quality must be 0")
        return self


class HoldBack(_Model):
    """A flag that keeps an item below the top five, with the reason in an officer's words
    (e.g. restorative justice for crack and heroin use, Sherman et al. 2015)."""

    flag: ProfileFlag
    reason: Text


class OffenceHoldBack(_Model):
    """An offence category that keeps an item below the top five until someone else has
    confirmed it (e.g. family visits after a sexual offence against a child, until the public
    protection team confirms child contact), with the reason in an officer's words."""

    offence_category: OffenceCategory
    reason: Text


class Eligibility(_Model):
    risk_levels: list[RiskLevel] = Field(min_length=1)
    sexes: list[Sex] = Field(min_length=1)
    age_min: int | None = Field(default=None, ge=0, le=120)
    age_max: int | None = Field(default=None, ge=0, le=120)
    sexual_offence: SexualOffenceRule = SexualOffenceRule.ANY
    offence_categories_required: list[OffenceCategory] = Field(default_factory=list)
    offence_categories_excluded: list[OffenceCategory] = Field(default_factory=list)
    #: Days the person must still have in custody to start (custody delivery only).
    min_days_before_release: int | None = Field(default=None, ge=0)
    #: The intervention is only relevant when the profile has one of these flags.
    requires_any_flag: list[ProfileFlag] = Field(default_factory=list)
    #: Not for a person with any of these flags (e.g. no recourse to public funds).
    excluded_by_flags: list[ProfileFlag] = Field(default_factory=list)
    #: Only meaningful before or on release day: excluded once the person is released
    #: (unless already in progress and it continues after release).
    before_release_only: bool = False
    #: A before-release item still due for this many days after release when it was missed
    #: (e.g. naloxone in the four weeks of highest overdose risk); 0: excluded once released.
    still_due_after_release_days: int = Field(default=0, ge=0, le=365)
    #: Kept out of the top five unless the profile has one of these flags (e.g. restorative
    #: justice until the victim's consent is known).
    top_five_requires_any_flag: list[ProfileFlag] = Field(default_factory=list)
    #: Kept out of the top five when the profile has the flag, for the reason given.
    held_back_by_flags: list[HoldBack] = Field(default_factory=list)
    held_back_by_offence_categories: list[OffenceHoldBack] = Field(default_factory=list)
    note: Text | None = None

    @model_validator(mode="after")
    def _still_due_only_before_release(self) -> Self:
        if self.still_due_after_release_days and not self.before_release_only:
            raise ValueError("still_due_after_release_days needs before_release_only")
        return self

    @model_validator(mode="after")
    def _age_range(self) -> Self:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError(f"age_min {self.age_min} is above age_max {self.age_max}")
        clash = set(self.requires_any_flag) & set(self.excluded_by_flags)
        if clash:
            raise ValueError(f"flag {sorted(clash)[0]!r} is both required and excluding")
        held = [h.flag for h in self.held_back_by_flags]
        if len(set(held)) != len(held):
            raise ValueError("held_back_by_flags names a flag twice")
        clash = set(held) & (set(self.requires_any_flag) | set(self.excluded_by_flags))
        if clash:
            raise ValueError(
                f"flag {sorted(clash)[0]!r} holds the item back and also requires or excludes it"
            )
        return self


class ResponsivityNote(_Model):
    factor: ResponsivityFactor
    advice: Text


class ResponsivityAgeLimit(_Model):
    """Advice on a factor given only to people younger than an age (leaving-care support
    from the local authority runs to age 25 in England)."""

    factor: ResponsivityFactor
    below_age: int = Field(ge=1, le=120)
    note: Text | None = None


class HarmFlag(_Model):
    flagged: bool
    reason: Text | None = None

    @model_validator(mode="after")
    def _reason_when_flagged(self) -> Self:
        if self.flagged and not self.reason:
            raise ValueError("a harm flag needs a reason")
        return self


class Intervention(_Model):
    id: Identifier
    #: The technical name, for staff (the officer's copy, the evidence browser).
    name: Text
    description: Text
    #: The person's words: what the person's copy prints in place of ``name`` (short common
    #: words, second person, no acronyms). Not evidence.
    plain_title: PlainTitle
    plain_sentence: PlainSentence
    #: The first pathway is the primary one.
    pathways: list[Pathway] = Field(min_length=1)
    #: How it earns need priority: through criminogenic needs, through its primary
    #: pathway, or never (a control such as a licence condition).
    purpose: InterventionPurpose
    criminogenic_needs: list[CriminogenicNeed] = Field(default_factory=list)
    setting: Setting
    intensity: Intensity
    #: Custody delivery that books community aftercare counts as continuous (rule step 4).
    community_aftercare: bool = False
    #: Work started in custody that must carry on through the gate (opioid substitution):
    #: when in progress it stays recommended as "continue after release".
    continues_after_release: bool = False
    #: The same programme delivered in different settings (custody, community) shares a
    #: group: while one of them is in progress, the others are not started.
    programme_group: Identifier | None = None
    #: Said outright when reoffending evidence is missing (a support item, never rated).
    evidence_status: EvidenceStatus | None = None
    #: Release-day essentials only: the order they are arranged in (1 first) when nothing
    #: else separates them (need, evidence, continuity), before the name decides: a drug
    #: treatment appointment before a bank account, ID before the bank account it needs.
    release_day_order: int | None = Field(default=None, ge=1)
    eligibility: Eligibility
    responsivity: list[ResponsivityNote] = Field(default_factory=list)
    harm: HarmFlag
    tags: list[InterventionTag] = Field(default_factory=list)
    evidence: list[EvidenceRecord] = Field(min_length=1)

    @model_validator(mode="after")
    def _purpose_fits(self) -> Self:
        if self.purpose is InterventionPurpose.OFFENDING_BEHAVIOUR and not self.criminogenic_needs:
            raise ValueError(
                f"intervention {self.id!r}: an offending_behaviour intervention must list the "
                "criminogenic_needs it targets"
            )
        untyped = [r.id for r in self.evidence if r.outcome_type is None]
        if untyped:
            raise ValueError(
                f"intervention {self.id!r}: evidence record {untyped[0]!r} needs an outcome_type"
            )
        excluding = {f.value for f in self.eligibility.excluded_by_flags}
        contradicted = [n.factor.value for n in self.responsivity if n.factor.value in excluding]
        if contradicted:
            raise ValueError(
                f"intervention {self.id!r}: delivery advice for {contradicted[0]!r}, a flag "
                "that excludes it (advice only goes on items the flag leaves in)"
            )
        if (
            self.release_day_order is not None
            and InterventionTag.RELEASE_DAY_ESSENTIAL not in self.tags
        ):
            raise ValueError(
                f"intervention {self.id!r}: release_day_order is only for items tagged "
                "release_day_essential"
            )
        if (
            InterventionTag.LICENCE_CONDITION in self.tags
            and self.purpose is not InterventionPurpose.CONTROL
        ):
            raise ValueError(
                f"intervention {self.id!r}: a licence_condition is a control: purpose must be "
                "'control'"
            )
        return self

    @property
    def primary_pathway(self) -> Pathway:
        return self.pathways[0]

    def min_days_in_custody(self, default: int = DEFAULT_CUSTODY_MIN_DAYS) -> int | None:
        """Days needed before release to start: the pack's figure, or ``default`` for a
        custody item that gives none."""
        days = self.eligibility.min_days_before_release
        if days is None and self.setting is Setting.CUSTODY:
            return default
        return days


class PathwayNote(_Model):
    id: Identifier
    pathway: Pathway
    kind: PathwayNoteKind
    statement: Text
    citation_ids: list[Identifier] = Field(default_factory=list)
    #: The statement rests on a secondary source (e.g. a blog summary of a paper).
    rests_on_secondary_source: bool = False
    verification: VerificationStatus


class Principle(_Model):
    """A rule of the recommender and the evidence behind it."""

    id: Identifier
    rule: PrincipleRule
    statement: Text
    #: Records of this principle's own sources.
    evidence: list[EvidenceRecord] = Field(default_factory=list)
    #: Records elsewhere in the pack (interventions' evidence) that also back it.
    evidence_ids: list[Identifier] = Field(default_factory=list)


class NeedPathway(_Model):
    """Which pathway need evidences a criminogenic need (need principle)."""

    criminogenic_need: CriminogenicNeed
    #: ``None`` for a need no pathway evidences (criminal history is static).
    pathway: Pathway | None
    note: Text | None = None


class EvidencePack(_Model):
    schema_version: Literal[2]
    pack_version: SemVer
    release_date: dt.date
    title: Text
    changelog: list[ChangelogEntry] = Field(min_length=1)
    #: What each normalised quality level 0-4 means in this pack.
    quality_scale: dict[Literal["0", "1", "2", "3", "4"], Text]
    citations: list[Citation] = Field(min_length=1)
    principles: list[Principle] = Field(default_factory=list)
    pathway_notes: list[PathwayNote] = Field(default_factory=list)
    #: Delivery advice per responsivity factor, used when an intervention has none of its own.
    responsivity_defaults: list[ResponsivityNote] = Field(default_factory=list)
    #: Factors whose advice is only for people younger than an age (one entry per factor).
    responsivity_age_limits: list[ResponsivityAgeLimit] = Field(default_factory=list)
    #: The criminogenic need -> pathway need mapping (one entry per need at most).
    criminogenic_need_pathways: list[NeedPathway] = Field(default_factory=list)
    #: Days a custody intervention needs before release when it gives none of its own.
    default_custody_min_days: int = Field(default=DEFAULT_CUSTODY_MIN_DAYS, ge=0)
    #: Release-day essentials rank as such from this many days before release (12 weeks).
    release_day_window_days: int = Field(default=84, ge=0)
    #: The safety items (naloxone, opioid treatment continuity, first-night accommodation)
    #: rank first from ``release_day_window_days`` before release until this many days
    #: after it: the high-risk weeks after release (opioid deaths in the first four weeks).
    safety_window_after_release_days: int = Field(default=28, ge=0)
    interventions: list[Intervention] = Field(min_length=1)

    def need_pathway(self, need: CriminogenicNeed) -> Pathway | None:
        for entry in self.criminogenic_need_pathways:
            if entry.criminogenic_need is need:
                return entry.pathway
        return None

    def intervention(self, intervention_id: str) -> Intervention:
        for item in self.interventions:
            if item.id == intervention_id:
                return item
        raise KeyError(intervention_id)

    def citation(self, citation_id: str) -> Citation:
        for item in self.citations:
            if item.id == citation_id:
                return item
        raise KeyError(citation_id)

    def all_evidence(self) -> list[EvidenceRecord]:
        records = [r for p in self.principles for r in p.evidence]
        records += [r for i in self.interventions for r in i.evidence]
        return records
