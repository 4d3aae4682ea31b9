"""Where every column holding a person's data goes in a subject access export.

Each table that holds person data (``storage/postgres_access.person_tables``) has an entry
for each of its columns: exported under a key (with how its value is shown), or not exported,
with the reason. ``SECTIONS`` says which section of the export each table's rows fill and how
they are dated. ``tests/data_protection/test_person_data_coverage.py`` checks this map
against the schema snapshot beside it, so a new table or column cannot be forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from resettle.domain.action_repeats import REPEAT_COLUMNS
from resettle.domain.programme_needs_record import ITEM_FIELDS


class Shown(StrEnum):
    """How an exported column's value is shown."""

    VALUE = "value"  # as stored (dates and times in ISO 8601)
    STAFF = "staff"  # a member of staff, named by role and team, never by name
    TEAM = "team"  # a team's name
    ESTABLISHMENT = "establishment"  # an establishment's name
    PROVIDER = "provider"  # a provider's directory entry: a third party
    THIRD_PARTY = "third_party"  # free text or a contact that may name others
    DOCUMENT = "document"  # a stored JSON document, shown as its contents
    #: A plan action's wording: reviewed unless it is word for word what the app gives an
    #: action made from a release-day essential or a recommendation
    #: (``services/plans/prefill.app_wording``); a support need's or referral's wording
    #: carries what staff typed or a provider's name, and staff may edit any wording.
    ACTION_TEXT = "action_text"
    PROGRAMME = "programme"  # a programme of the catalogue, by name and code
    PROGRAMME_GROUP = "programme_group"  # a programme group, by its code
    #: A programme session as the person knew it: its programme's name, its group's code,
    #: its name, and when it started and ended (never its internal id).
    PROGRAMME_SESSION = "programme_session"


#: Shown values a data-protection officer reviews before the export is released.
REVIEWED = frozenset({Shown.PROVIDER, Shown.THIRD_PARTY, Shown.DOCUMENT})
#: The columns linking a plan action to what it comes from (its wording is then the app's).
ACTION_SOURCES = (
    "source_intervention_id",
    "source_support_need_id",
    "source_essential_kind",
    "source_referral_id",
)


@dataclass(frozen=True)
class Exported:
    key: str
    shown: Shown = Shown.VALUE


@dataclass(frozen=True)
class NotExported:
    reason: str


@dataclass(frozen=True)
class InAudit:
    """Exported inside the audit entry that names the row (a disclosure's note: its words
    shown in the entry's ``details`` under ``key``), reviewed before release."""

    key: str


Coverage = Exported | NotExported | InAudit

INTERNAL_ID = NotExported("internal row id, meaningless outside the database")
LINK = NotExported("the link to the person or record it is listed under")
STAFF_NAME = NotExported(
    "a member of staff's name: staff are named by role and team (the audit section says who "
    "did what)"
)
DERIVED = NotExported("kept for sorting and filtering, derived from data exported elsewhere")
PLACE_ID = NotExported(
    "the internal id of the person's place in the group; the session names the group, and "
    "the places are exported with the referral"
)
REVISION = NotExported("a counter for saving changes safely, not information about the person")


def _exported(*keys: str) -> dict[str, Coverage]:
    return {key: Exported(key) for key in keys}


def _review(*keys: str) -> dict[str, Coverage]:
    return {key: Exported(key, Shown.THIRD_PARTY) for key in keys}


def _staff(**keys: str) -> dict[str, Coverage]:
    return {column: Exported(key, Shown.STAFF) for column, key in keys.items()}


PERSON_DATA: dict[str, dict[str, Coverage]] = {
    "people": {
        "id": INTERNAL_ID,
        "version": REVISION,
        **_exported("prison_number", "crn", "pnc_number", "given_name", "family_name"),
        "sort_name": DERIVED,
        "search_text": DERIVED,
        **_exported(
            "date_of_birth",
            "sex",
            "gender",
            "preferred_language",
            "interpreter_needed",
            "learning_disability",
        ),
        **_review("learning_notes"),
        "establishment_id": Exported("establishment", Shown.ESTABLISHMENT),
        "team_id": Exported("team", Shown.TEAM),
        "restricted": Exported("limited_access_case"),
        **_staff(responsible_officer_id="responsible_officer", key_worker_id="key_worker"),
        **_exported(
            "sentence_date",
            "conditional_release_date",
            "release_date",
            "licence_end_date",
            "release_type",
            "offence_category",
            "sexual_offence",
        ),
        "open_critical_essentials": DERIVED,
        "open_other_essentials": DERIVED,
        "case_closed": Exported("case_closed"),
        "plan_state": DERIVED,
        "plan_agreed": DERIVED,
        "readiness_score": Exported("readiness_score"),
        "officer_sort": DERIVED,
        "establishment_sort": DERIVED,
        "outcome_check_due_on": DERIVED,
        "overdue_action_from": DERIVED,
        "plan_agreed_in_time": DERIVED,
        "plan_issued_in_time": DERIVED,
        "outcome_first_night": DERIVED,
        "outcome_week_6": DERIVED,
        "outcome_month_3": DERIVED,
        "outcome_month_6": DERIVED,
        "outcome_treatment": DERIVED,
        "created_at": Exported("registered_at"),
        "updated_at": Exported("updated_at"),
    },
    "person_aliases": {"id": INTERNAL_ID, "person_id": LINK, **_exported("name")},
    "pathway_needs": {
        "id": INTERNAL_ID,
        "person_id": LINK,
        **_exported("pathway", "status", "severity", "linked_to_offending"),
        **_review("notes"),
        "updated_at": Exported("updated_at"),
        **_staff(updated_by_id="updated_by"),
    },
    "support_needs": {
        **_exported("id"),
        "person_id": LINK,
        **_exported("code", "status", "created_at"),
        **_review("detail"),
    },
    "support_need_history": {
        "id": INTERNAL_ID,
        "support_need_id": LINK,
        **_staff(changed_by_id="changed_by"),
        "changed_by": STAFF_NAME,
        **_exported("changed_at", "from_status", "to_status"),
        **_review("note"),
    },
    "essentials": {
        "id": INTERNAL_ID,
        "person_id": LINK,
        **_exported("kind", "status", "action_date"),
        **_review("who", "notes"),
        "details": Exported("details", Shown.THIRD_PARTY),
        "updated_at": Exported("updated_at"),
        **_staff(updated_by_id="updated_by"),
    },
    "referrals": {
        **_exported("id"),
        "person_id": LINK,
        "provider_id": Exported("provider", Shown.PROVIDER),
        **_exported("service_type"),
        **_review("contact"),
        **_exported("referral_date", "appointment_date", "appointment_time", "status"),
        **_review("reason"),
        "created_at": Exported("created_at"),
    },
    "referral_history": {
        "id": INTERNAL_ID,
        "referral_id": LINK,
        **_staff(changed_by_id="changed_by"),
        "changed_by": STAFF_NAME,
        **_exported("changed_at", "from_status", "to_status"),
        **_review("reason"),
    },
    "case_notes": {
        **_exported("id"),
        "person_id": LINK,
        **_staff(author_id="author"),
        "author": STAFF_NAME,
        **_exported("created_at", "pathway"),
        **_review("text"),
        "corrects_note_id": Exported("corrects_note"),
    },
    "programme_history": {
        **_exported("id"),
        "person_id": LINK,
        **_exported(
            "programme_code",
            "programme_name",
            "setting",
            "started_on",
            "ended_on",
            "expected_end_on",
            "outcome",
            "reason_category",
            "reason",
            "evidence_intervention_id",
            "source",
            "referral_id",
            "recorded_at",
        ),
        **_review("location"),
        "supersedes_id": Exported("supersedes"),
        **_staff(recorded_by_id="recorded_by"),
        "recorded_by": STAFF_NAME,
    },
    "outcome_checks": {
        **_exported("id"),
        "person_id": LINK,
        **_exported(
            "point",
            "release_date",
            "checked_on",
            "accommodation",
            "employment",
            "treatment",
            "treatment_started_on",
            "recorded_at",
        ),
        **_review("note"),
        "supersedes_id": Exported("supersedes"),
        **_staff(recorded_by_id="recorded_by"),
        "recorded_by": STAFF_NAME,
    },
    "programme_attendance": {
        **_exported("id"),
        "session_id": Exported("session", Shown.PROGRAMME_SESSION),
        "member_id": PLACE_ID,
        **_exported("referral_id"),
        "person_id": LINK,
        **_exported("mark_number", "outcome", "absence_reason"),
        **_review("note", "correction_reason"),
        **_staff(recorded_by_id="recorded_by"),
        **_exported("recorded_at"),
    },
    "programme_one_to_one_sessions": {
        "session_id": Exported("session", Shown.PROGRAMME_SESSION),
        "member_id": PLACE_ID,
        "person_id": LINK,
        **_staff(assigned_by_id="assigned_by"),
        **_exported("assigned_at"),
    },
    "risk_profiles": {
        "person_id": LINK,
        **_exported(
            "conviction_date", "first_sanction_date", "previous_sanctions", "confirmed_level"
        ),
        **_review("confirmed_reason"),
        "confirmed_by": STAFF_NAME,
        **_exported("confirmed_at", "confirmed_score_source", "confirmed_score_band"),
    },
    "recorded_scores": {
        "id": INTERNAL_ID,
        "person_id": LINK,
        **_exported("tool", "percent", "level", "assessed_on"),
        **_review("source"),
        **_staff(recorded_by_id="recorded_by"),
        "recorded_at": Exported("recorded_at"),
    },
    "rosh_assessments": {
        "id": INTERNAL_ID,
        "person_id": LINK,
        **_exported("children", "public", "known_adult", "staff", "prisoners", "assessed_on"),
        **_review("source"),
        **_staff(recorded_by_id="recorded_by"),
        "recorded_at": Exported("recorded_at"),
    },
    "programme_need_items": {
        "person_id": LINK,
        **_exported(*ITEM_FIELDS, "sara_partner", "sara_other"),
        **_staff(updated_by_id="updated_by"),
        "updated_at": Exported("updated_at"),
    },
    "person_flags": {"id": INTERNAL_ID, "person_id": LINK, **_exported("flag")},
    "plan_versions": {
        "id": INTERNAL_ID,
        "person_id": LINK,
        **_exported("version"),
        "revision": REVISION,
        **_exported("state", "created_at"),
        "created_by": STAFF_NAME,
        "agreed_by": STAFF_NAME,
        **_exported("agreed_at", "agreed_by_person", "person_agreed_on", "person_agreed_how"),
        "issued_by": STAFF_NAME,
        **_exported("issued_at", "snapshot_sha256"),
        "snapshot_json": Exported("issued_document", Shown.DOCUMENT),
        **_review("officer_notes"),
    },
    "plan_actions": {
        "id": INTERNAL_ID,
        "plan_version_id": LINK,
        **_exported("position", "pathway"),
        "what": Exported("what", Shown.ACTION_TEXT),
        **_exported(
            "owner",
            "due_kind",
            "due_on",
            "due_offset_days",
            "due_pinned",
            *REPEAT_COLUMNS,
            "status",
            *ACTION_SOURCES,
        ),
    },
    "accepted_recommendations": {
        "id": INTERNAL_ID,
        "person_id": LINK,
        **_exported("intervention_id", "pack_version", "rule_version"),
        "accepted_by": STAFF_NAME,
        "accepted_at": Exported("accepted_at"),
    },
    "allocations": {
        "id": INTERNAL_ID,
        "person_id": LINK,
        **_staff(
            officer_id="officer",
            previous_officer_id="previous_officer",
            allocated_by_id="allocated_by",
        ),
        "allocated_at": Exported("allocated_at"),
    },
    "import_ledger": {
        "id": INTERNAL_ID,
        "person_id": LINK,
        **_exported(
            "import_id",
            "source_name",
            "source_sha256",
            "source_line",
            "row_sha256",
            "imported_at",
            "person_version",
        ),
        **_staff(imported_by_id="imported_by"),
    },
    "case_closures": {
        "id": INTERNAL_ID,
        "person_id": LINK,
        **_exported("reason"),
        **_review("other_reason"),
        **_staff(closed_by_id="closed_by"),
        "closed_at": Exported("closed_at"),
        **_staff(reopened_by_id="reopened_by"),
        "reopened_at": Exported("reopened_at"),
    },
    "person_access": {
        "person_id": LINK,
        **_staff(staff_id="staff"),
        **_exported("kind"),
        **_review("reason"),
        **_staff(set_by_id="set_by"),
        "set_at": Exported("set_at"),
    },
    "record_part_revisions": {"person_id": LINK, "part": REVISION, "revision": REVISION},
    "disclosure_notes": {
        "id": NotExported("the link from the audit entry its words are shown in"),
        "person_id": LINK,
        "salt": NotExported(
            "random bytes that keep the audit entry's digest of the words unguessable, not "
            "information about the person"
        ),
        "justification_text": InAudit("justification_text"),
        "recipient": InAudit("recipient"),
        "created_at": NotExported("the time of the audit entry it belongs to, exported there"),
    },
    "programme_referrals": {
        **_exported("id"),
        "person_id": LINK,
        "programme_id": Exported("programme", Shown.PROGRAMME),
        "offering_id": NotExported(
            "the internal id of where the programme runs; the group places are exported"
        ),
        **_exported("status", "status_since"),
        **_staff(referred_by_id="referred_by"),
        "referred_at": Exported("referred_at"),
        "pathway": Exported("programme_pathway"),
        "revision": REVISION,
    },
    "programme_referral_history": {
        **_exported("id"),
        "referral_id": LINK,
        "person_id": LINK,
        **_exported("from_status", "to_status", "category", "reason", "override_reason"),
        **_review("notes"),
        **_staff(moved_by_id="moved_by"),
        **_exported("moved_at", "seconds_at_previous"),
        "corrects_id": Exported("corrects"),
    },
    "programme_group_members": {
        "id": INTERNAL_ID,
        "group_id": Exported("group", Shown.PROGRAMME_GROUP),
        "referral_id": LINK,
        "person_id": LINK,
        **_exported("joined_at", "left_at", "end_reason"),
        **_staff(added_by_id="added_by", ended_by_id="ended_by"),
    },
    "retention_reviews": {
        "id": INTERNAL_ID,
        "person_id": LINK,
        **_exported("decision", "next_review_on"),
        **_review("reason"),
        **_staff(decided_by_id="decided_by"),
        "decided_at": Exported("decided_at"),
    },
}


@dataclass(frozen=True)
class Section:
    """Rows of one table in the export: under ``name`` in their parent (the content, or a
    parent row), found by ``link`` (the column naming the person, or the parent row's id).
    ``dated_by``: the column that places a row in the date range asked for (None: always
    exported, the record as it stands). A row outside the range is still exported when one
    of its children is inside it."""

    name: str
    table: str
    link: str = "person_id"
    dated_by: str | None = None
    children: tuple[Section, ...] = ()


PROFILE = Section("aliases", "person_aliases")

SECTIONS: tuple[Section, ...] = (
    Section("pathway_needs", "pathway_needs"),
    Section(
        "support_needs",
        "support_needs",
        dated_by="created_at",
        children=(Section("history", "support_need_history", "support_need_id", "changed_at"),),
    ),
    Section("essentials", "essentials"),
    Section(
        "referrals",
        "referrals",
        dated_by="created_at",
        children=(Section("history", "referral_history", "referral_id", "changed_at"),),
    ),
    Section("notes", "case_notes", dated_by="created_at"),
    Section("risk_profile", "risk_profiles"),
    Section("recorded_scores", "recorded_scores", dated_by="recorded_at"),
    Section("rosh_assessments", "rosh_assessments", dated_by="recorded_at"),
    Section("programme_need_items", "programme_need_items"),
    Section("risk_flags", "person_flags"),
    Section(
        "plans",
        "plan_versions",
        dated_by="created_at",
        children=(Section("actions", "plan_actions", "plan_version_id"),),
    ),
    Section("recommendations_accepted", "accepted_recommendations", dated_by="accepted_at"),
    Section("programme_history", "programme_history", dated_by="recorded_at"),
    Section("outcome_checks", "outcome_checks", dated_by="recorded_at"),
    Section(
        "programmes",
        "programme_referrals",
        dated_by="referred_at",
        children=(
            Section("history", "programme_referral_history", "referral_id", "moved_at"),
            Section("group_places", "programme_group_members", "referral_id", "joined_at"),
        ),
    ),
    Section("programme_attendance", "programme_attendance", dated_by="recorded_at"),
    Section("one_to_one_sessions", "programme_one_to_one_sessions", dated_by="assigned_at"),
    Section("allocations", "allocations", dated_by="allocated_at"),
    Section("imports", "import_ledger", dated_by="imported_at"),
    Section("case_closures", "case_closures", dated_by="closed_at"),
    Section("access_list", "person_access", dated_by="set_at"),
    Section("retention_reviews", "retention_reviews", dated_by="decided_at"),
)
