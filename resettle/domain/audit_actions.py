"""Every action an audit row may name, in one registry (listed in docs/audit.md).

An action is ``<thing>.<verb>``: the thing acted on (which is also the row's entity type) and
what happened to it, in the past tense, both lower-case words joined by underscores. The
services name actions only through this enum, so a test can check the list and the document
agree.
"""

from __future__ import annotations

import re
from enum import StrEnum

ACTION_PATTERN = re.compile(r"^[a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*$")


class AuditAction(StrEnum):
    PERSON_REGISTERED = "person.registered"
    PERSON_UPDATED = "person.updated"
    PERSON_VIEWED = "person.viewed"
    PERSON_DISCLOSED = "person.disclosed"
    ALLOCATION_RECORDED = "allocation.recorded"
    CASE_CLOSED = "case.closed"
    CASE_REOPENED = "case.reopened"
    NEED_SAVED = "need.saved"
    SUPPORT_NEED_ADDED = "support_need.added"
    SUPPORT_NEED_STATUS_CHANGED = "support_need.status_changed"
    ESSENTIAL_SAVED = "essential.saved"
    REFERRAL_ADDED = "referral.added"
    REFERRAL_UPDATED = "referral.updated"
    NOTE_ADDED = "note.added"
    PROGRAMME_HISTORY_RECORDED = "programme_history.recorded"
    PROGRAMME_HISTORY_CORRECTED = "programme_history.corrected"
    RISK_INPUTS_SAVED = "risk.inputs_saved"
    RISK_SCORE_RECORDED = "risk.score_recorded"
    RISK_ROSH_RECORDED = "risk.rosh_recorded"
    RISK_LEVEL_CONFIRMED = "risk.level_confirmed"
    RISK_FLAGS_SET = "risk.flags_set"
    RISK_PROGRAMME_NEEDS_SAVED = "risk.programme_needs_saved"
    PLAN_SAVED = "plan.saved"
    PLAN_OFFICER_NOTES_SAVED = "plan.officer_notes_saved"
    PLAN_ACTIONS_FOLLOWED = "plan.actions_followed"
    PLAN_AGREED = "plan.agreed"
    PLAN_ISSUED = "plan.issued"
    PLAN_PRINTED = "plan.printed"
    RECOMMENDATION_ACCEPTED = "recommendation.accepted"
    PROVIDER_ADDED = "provider.added"
    CATALOGUE_ADDED = "catalogue.added"
    CATALOGUE_RETIRED = "catalogue.retired"
    CATALOGUE_RESTORED = "catalogue.restored"
    CATALOGUE_RELABELLED = "catalogue.relabelled"
    PROGRAMME_ADDED = "programme.added"
    PROGRAMME_CHANGED = "programme.changed"
    PROGRAMME_RETIRED = "programme.retired"
    PROGRAMME_RESTORED = "programme.restored"
    PROGRAMME_OFFERING_CREATED = "programme_offering.created"
    PROGRAMME_GROUP_CREATED = "programme_group.created"
    PROGRAMME_SESSIONS_GENERATED = "programme_group.sessions_generated"
    PROGRAMME_SESSION_REPLACED = "programme_session.replaced"
    PROGRAMME_CATCH_UP_ADDED = "programme_session.catch_up_added"
    PROGRAMME_REFERRAL_CREATED = "programme_referral.created"
    PROGRAMME_REFERRAL_MOVED = "programme_referral.moved"
    PROGRAMME_REFERRAL_CORRECTED = "programme_referral.corrected"
    PROGRAMME_REFERRAL_PLACE_GIVEN = "programme_referral.place_given"
    PROGRAMME_REFERRAL_PLACE_WITHDRAWN = "programme_referral.place_withdrawn"
    EVIDENCE_PACK_IMPORTED = "evidence_pack.imported"
    DEMO_LOADED = "demo.loaded"
    DATABASE_ENCRYPTED = "database.encrypted"
    STAFF_CREATED = "staff.created"
    ACCOUNT_SIGNED_IN = "account.signed_in"
    ACCOUNT_SCREEN_UNLOCKED = "account.screen_unlocked"
    ACCOUNT_SIGN_IN_FAILED = "account.sign_in_failed"
    ACCOUNT_LOCKED = "account.locked"
    ACCOUNT_PASSWORD_CHANGED = "account.password_changed"
    ACCOUNT_PASSWORD_RESET = "account.password_reset"
    ACCOUNT_DISABLED = "account.disabled"
    ACCOUNT_ENABLED = "account.enabled"
    ACCOUNT_ROLES_SET = "account.roles_set"
    ACCOUNT_PLACES_SET = "account.places_set"
    ACCOUNT_UNLOCKED = "account.unlocked"
    TEAM_CREATED = "team.created"
    TEAM_RENAMED = "team.renamed"
    TEAM_ACTIVATED = "team.activated"
    TEAM_DEACTIVATED = "team.deactivated"
    ESTABLISHMENT_CREATED = "establishment.created"
    ESTABLISHMENT_RENAMED = "establishment.renamed"
    COVER_GRANTED = "cover.granted"
    COVER_ENDED = "cover.ended"
    ACCESS_CHANGED = "access.changed"
    RETENTION_RULE_CREATED = "retention_rule.created"
    RETENTION_RULE_CHANGED = "retention_rule.changed"
    RETENTION_REVIEW_KEPT = "retention_review.kept"
    PERSON_ERASED = "person.erased"
    SUBJECT_ACCESS_EXPORTED = "subject_access.exported"

    @property
    def entity_type(self) -> str:
        """The kind of thing acted on: the part before the dot."""
        return self.value.partition(".")[0]
