"""The editable catalogue of support needs a person can be given, per pathway.

Each entry has a stable ``code`` (never renamed or reused, so history stays readable), a pathway,
a section heading and a label, an ``active`` flag (entries are retired, never deleted) and
``needs_detail`` for "Other" entries, which take free text that is then required.

The default catalogue follows the HMPPS Resettlement Passport's support needs
(ministryofjustice/hmpps-resettlement-passport-api, migration
``V1_70__add_static_support_need_data.sql``: same sections and labels), plus "First-night
accommodation", which Resettle tracks as a release-day essential. The Passport's "No ... support
needs identified" rows are left out: a pathway status says that here.

Edits return a new catalogue (the models are frozen); storage persists the entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Self

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from resettle.domain.catalogue_plain import PlainWords, plain_words
from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.essentials import EssentialKind
from resettle.domain.given_values import quoted_code
from resettle.domain.known_codes import codes_listed
from resettle.domain.pathways import Pathway
from resettle.domain.plain_language import plain_problems
from resettle.domain.text_fields import CheckedText
from resettle.domain.validation import validate

Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,63}$")]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Section = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]
PlainTitle = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)]
PlainSentence = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]


class CatalogueEntry(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Code = Field(title="Code")
    pathway: Pathway = Field(title="Pathway")
    section: Section = Field(default="", title="Section")
    label: Label = Field(title="Support need")
    active: bool = Field(default=True, title="Active")
    needs_detail: bool = Field(default=False, title="Needs free text (Other)")
    #: The person's words for an entry an administrator added (the default entries' are in
    #: ``catalogue_plain``): both or neither.
    plain_title: PlainTitle = Field(default="", title="Title for the person")
    plain_sentence: PlainSentence = Field(default="", title="Sentence for the person")

    @model_validator(mode="after")
    def _both_plain_words_or_neither(self) -> Self:
        if bool(self.plain_title) != bool(self.plain_sentence):
            raise ValidationFailed.single(
                "plain_title" if not self.plain_title else "plain_sentence",
                "plain_words_half",
                "Give both the title and the sentence for the person, or neither.",
            )
        return self

    @property
    def plain(self) -> PlainWords | None:
        """The person's words for this entry: an administrator's, else the default entry's
        (``catalogue_plain``); None for an entry added before they were asked for, whose
        label the person's copy prints as staff wrote it."""
        if self.plain_title and self.plain_sentence:
            return PlainWords(self.plain_title, self.plain_sentence)
        return plain_words(self.code)


class SupportNeedCatalogue(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    entries: tuple[CatalogueEntry, ...] = ()

    @model_validator(mode="after")
    def _codes_unique(self) -> Self:
        seen: set[str] = set()
        for entry in self.entries:
            if entry.code in seen:
                raise ValueError(f"code {entry.code!r} appears twice")
            seen.add(entry.code)
        return self

    def get(self, code: str) -> CatalogueEntry | None:
        return next((entry for entry in self.entries if entry.code == code), None)

    def require(self, code: str, *, field: str = "code") -> CatalogueEntry:
        """The entry for ``code``; ValidationFailed naming ``field`` when there is none."""
        entry = self.get(code)
        if entry is None:
            raise ValidationFailed.single(
                field,
                "unknown",
                f"Support need: {quoted_code(code)} is not in the catalogue"
                + codes_listed(e.code for e in self.entries),
            )
        return entry

    def for_pathway(
        self, pathway: Pathway, *, include_inactive: bool = False
    ) -> tuple[CatalogueEntry, ...]:
        """Entries of one pathway in catalogue order (what a picker offers)."""
        return tuple(
            entry
            for entry in self.entries
            if entry.pathway is pathway and (include_inactive or entry.active)
        )

    def add(self, entry: CatalogueEntry) -> SupportNeedCatalogue:
        if self.get(entry.code) is not None:
            raise ValidationFailed.single(
                "code", "duplicate", f"Code: {entry.code!r} is already in the catalogue"
            )
        return self.model_copy(update={"entries": (*self.entries, entry)})

    def set_active(self, code: str, active: bool) -> SupportNeedCatalogue:
        """Retire (or bring back) an entry; people who have it keep it."""
        return self._replace(self.require(code).model_copy(update={"active": active}))

    def relabel(
        self, code: str, label: str, plain: PlainWords | None = None
    ) -> SupportNeedCatalogue:
        """Change the wording only (with ``plain``, the person's words too, which are then
        checked); the code and pathway never change."""
        entry = self.require(code)
        words = {"plain_title": plain.title, "plain_sentence": plain.sentence} if plain else {}
        changed = validate(CatalogueEntry, {**entry.model_dump(), "label": label, **words})
        if plain is not None:
            check_person_words(changed)
        return self._replace(changed)

    def _replace(self, changed: CatalogueEntry) -> SupportNeedCatalogue:
        entries = tuple(changed if e.code == changed.code else e for e in self.entries)
        return self.model_copy(update={"entries": entries})


def check_person_words(entry: CatalogueEntry) -> None:
    """Refuse an entry without the person's words, or with words that are not plain
    (``plain_language``), naming the field: the person's copy prints them instead of the
    label."""
    if entry.plain is None:
        raise ValidationFailed(
            [
                FieldProblem(
                    "plain_title",
                    "plain_words_required",
                    "Title for the person: give a short title in everyday words, e.g. "
                    "'Help to find work'.",
                ),
                FieldProblem(
                    "plain_sentence",
                    "plain_words_required",
                    "Sentence for the person: say in one sentence what it means for them, "
                    "e.g. 'We help you look for a job.'",
                ),
            ]
        )
    problems = plain_problems(entry.plain.title, entry.plain.sentence)
    if problems:
        field = "plain_title" if problems[0].startswith("title") else "plain_sentence"
        raise ValidationFailed.single(
            field,
            "plain_words_not_plain",
            "The words for the person must be plain: " + "; ".join(problems) + ".",
        )


_A = Pathway.ACCOMMODATION
_ATB = Pathway.ATTITUDES_THINKING_BEHAVIOUR
_CFC = Pathway.CHILDREN_FAMILIES_COMMUNITIES
_DA = Pathway.DRUGS_ALCOHOL
_ESW = Pathway.EDUCATION_SKILLS_WORK
_FID = Pathway.FINANCE_ID
_H = Pathway.HEALTH

#: (code, pathway, section, label); an "Other" entry per pathway is added below.
DEFAULT_ENTRIES: tuple[tuple[str, Pathway, str, str], ...] = (
    ("first_night_accommodation", _A, "Moving to new accommodation", "First-night accommodation"),
    ("help_to_find_accommodation", _A, "Moving to new accommodation", "Help to find accommodation"),
    ("home_adaptations_new", _A, "Moving to new accommodation",
     "Home adaptations needed for new accommodation"),
    ("maintain_tenancy", _A, "Accommodation before custody", "Maintain a tenancy while in prison"),
    ("end_tenancy", _A, "Accommodation before custody", "End a tenancy"),
    ("mortgage_support", _A, "Accommodation before custody", "Mortgage support while in prison"),
    ("store_possessions", _A, "Accommodation before custody",
     "Arrange storage for personal possessions while in prison"),
    ("rent_arrears_payment", _A, "Accommodation related debt and arrears",
     "Set up payment for rent arrears"),
    ("manage_emotions", _ATB, "Emotions and thinking", "Support to manage emotions"),
    ("talking_therapy", _ATB, "Emotions and thinking", "Talking therapy"),
    ("spiritual_support", _ATB, "Emotions and thinking", "Spiritual support"),
    ("mentoring_support", _ATB, "Emotions and thinking", "Mentoring support"),
    ("safeguarding_self", _ATB, "Safeguarding", "Safeguarding for themselves"),
    ("safeguarding_someone_else", _ATB, "Safeguarding", "Safeguarding for someone else"),
    ("gambling_support", _ATB, "Behaviours", "Support for problems with gambling"),
    ("emotional_wellbeing", _CFC, "Personal support needs", "Emotional and personal wellbeing"),
    ("social_inclusion", _CFC, "Personal support needs", "Social inclusion"),
    ("mentoring_on_release", _CFC, "Personal support needs", "Mentoring on release"),
    ("childrens_services_meetings", _CFC, "Family support needs",
     "Support when they meet with children's services"),
    ("relationships_with_children", _CFC, "Family support needs",
     "Establish or maintain relationships with children"),
    ("safeguarding_partner", _CFC, "Safeguarding",
     "Safeguarding for a current or previous partner"),
    ("safeguarding_children", _CFC, "Safeguarding", "Safeguarding for children"),
    ("domestic_abuse_survivors", _CFC, "Specialist support",
     "Support for survivors of domestic abuse"),
    ("sexual_abuse_survivors", _CFC, "Specialist support", "Support for survivors of sexual abuse"),
    ("sex_industry_support", _CFC, "Specialist support",
     "Support for people who have worked in the sex industry"),
    ("veterans_support", _CFC, "Specialist support", "Support for veterans"),
    ("care_leavers_support", _CFC, "Specialist support", "Support for care leavers"),
    ("foreign_nationals_support", _CFC, "Specialist support",
     "Support for foreign national offenders"),
    ("recovery_team_immediate", _DA, "Support in prison",
     "Immediate support from recovery team (if risk of overdose)"),
    ("drug_support_in_prison", _DA, "Support in prison", "Support for drug issues in prison"),
    ("alcohol_support_in_prison", _DA, "Support in prison", "Support for alcohol issues in prison"),
    ("drug_support_community", _DA, "Support in the community",
     "Support for drug issues in the community"),
    ("alcohol_support_community", _DA, "Support in the community",
     "Support for alcohol issues in the community"),
    ("previous_services_contact", _DA, "Support in the community",
     "Contact any support services they have previously used outside of prison"),
    ("prescriptions_on_release", _DA, "Support in the community",
     "Arrange for prescriptions to be available on day of release"),
    ("ete_advice", _ESW, "Advice", "Advice about employment, education and training options"),
    ("contact_previous_employer", _ESW, "Employment", "Contact employer from before custody"),
    ("contact_prospective_employer", _ESW, "Employment",
     "Contact prospective employer for after release"),
    ("help_to_find_job", _ESW, "Employment", "Help to find a job for release"),
    ("cv_support", _ESW, "Employment", "Support to create or update a CV"),
    ("interview_preparation", _ESW, "Employment",
     "Support with interview preparation, practice and disclosure"),
    ("contact_education_provider", _ESW, "Education and training",
     "Contact education or training provider from before custody"),
    ("bursaries_information", _ESW, "Education and training",
     "Information about bursaries and grants for courses or training"),
    ("find_education_training", _ESW, "Education and training",
     "Help to find education or training for release"),
    ("maths_english_support", _ESW, "Learning support", "Maths and English support"),
    ("neurodiversity_support", _ESW, "Learning support", "Neurodiversity support"),
    ("reading_support", _ESW, "Learning support",
     "Support with some daily tasks, if they cannot read"),
    ("open_bank_account", _FID, "Finance", "Open a bank account"),
    ("freeze_court_fines", _FID, "Finance", "Request court fines to be frozen"),
    ("identify_financial_obligations", _FID, "Finance",
     "Support to identify all financial obligations"),
    ("stop_debts_building", _FID, "Finance",
     "Stop existing debts, bills, and direct debits from building up during time in prison"),
    ("budget_support", _FID, "Finance", "Support to create a budget"),
    ("apply_for_id", _FID, "ID", "Apply for ID documents"),
    ("manage_debts", _FID, "Debt support and advice", "Support to manage debts or arrears"),
    ("existing_benefits", _FID, "Benefits", "Help with existing benefits"),
    ("new_benefits_claim", _FID, "Benefits", "Help to start a new benefits claim"),
    ("physical_health_in_prison", _H, "Support in prison",
     "Support for a physical health need in prison"),
    ("mental_health_in_prison", _H, "Support in prison",
     "Support with a mental health need in prison"),
    ("physical_health_community", _H, "Support in the community",
     "Support with a physical health need in the community"),
    ("mental_health_community", _H, "Support in the community",
     "Support with a mental health need in the community"),
    ("social_care_support", _H, "Support in the community", "Support from social care"),
    ("gp_registration", _H, "Health admin", "Help to register with a GP surgery"),
    ("gp_appointment_on_release", _H, "Health admin", "Make a GP appointment for release"),
    ("medical_letter", _H, "Health admin", "Request a medical letter"),
)  # fmt: skip


#: Support needs that cover the same ground as a release-day essential, by essential kind: a
#: plan holds one action for that ground, the essential's (``services/plans/prefill.py``), and
#: the demo never records both for one person. Keyed by code, which is never renamed or reused.
COVERS_ESSENTIAL: Mapping[str, EssentialKind] = MappingProxyType(
    {
        "first_night_accommodation": EssentialKind.FIRST_NIGHT_ADDRESS,
        "apply_for_id": EssentialKind.ID_DOCUMENT,
        "open_bank_account": EssentialKind.BANK_ACCOUNT,
        "new_benefits_claim": EssentialKind.BENEFITS_CLAIM,
        "gp_registration": EssentialKind.GP_REGISTRATION,
        "prescriptions_on_release": EssentialKind.MEDICATION_SUPPLY,
    }
)


def covered_essential(code: str) -> EssentialKind | None:
    """The release-day essential a support need covers the same ground as, if any."""
    return COVERS_ESSENTIAL.get(code)


def other_code(pathway: Pathway) -> str:
    """The code of a pathway's "Other" entry, e.g. ``accommodation_other``."""
    return f"{pathway.value}_other"


def default_catalogue() -> SupportNeedCatalogue:
    entries = [
        CatalogueEntry(code=code, pathway=pathway, section=section, label=label)
        for code, pathway, section, label in DEFAULT_ENTRIES
    ]
    entries += [
        CatalogueEntry(code=other_code(pathway), pathway=pathway, label="Other", needs_detail=True)
        for pathway in Pathway
    ]
    return SupportNeedCatalogue(entries=tuple(entries))
