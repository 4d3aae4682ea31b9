""" "Who has seen this": the views and disclosures of one person's record, newest first, paged.

For the person's responsible officer and the managers of the person's team
(``domain/seen_by.may_see_who_has_seen``); anyone else is refused. Reading the list is not
itself audited (docs/audit.md says why). The words typed with a disclosure are read from its
note (``domain/disclosure_notes.py``), not from the audit row.
"""

from __future__ import annotations

from resettle.domain.disclosure_notes import note_ids, with_typed_text
from resettle.domain.permissions import Permission, require
from resettle.domain.seen_by import (
    LARGEST_PAGE,
    PAGE_SIZE,
    SEEN_ACTIONS,
    MayNotSeeWhoHasSeen,
    SeenEntry,
    SeenPage,
    may_see_who_has_seen,
    what_label,
    why_label,
)
from resettle.domain.staff import Actor, Role, roles_label
from resettle.services.access_scope import placement_of, scope_of
from resettle.services.person_access import reachable_person
from resettle.services.unit_of_work import UnitOfWork


def who_has_seen(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    before: int | None = None,
    limit: int = PAGE_SIZE,
) -> SeenPage:
    """A page of the list: ``before`` is the previous page's ``next_before`` (None: newest)."""
    require(actor, Permission.VIEW_PERSON)
    limit = max(1, min(limit, LARGEST_PAGE))
    with uow:
        row = reachable_person(actor, uow, person_id, Permission.VIEW_PERSON)
        scope = scope_of(actor, uow)
        if not may_see_who_has_seen(scope, placement_of(row), row.responsible_officer_id):
            raise MayNotSeeWhoHasSeen()
        rows = uow.audit.for_person(person_id, [a.value for a in SEEN_ACTIONS], before, limit + 1)
        page, more = rows[:limit], len(rows) > limit
        staff = uow.staff.described({r[2] for r in page if r[2] is not None})
        notes = uow.disclosure_notes.by_id(person_id, note_ids(r[4] for r in page))
        entries = []
        for audit_id, at, actor_id, action, stored in page:
            details = with_typed_text(stored, notes)
            name, roles, teams = staff.get(actor_id or 0, ("Unknown account", frozenset(), []))
            entries.append(
                SeenEntry(
                    audit_id=audit_id,
                    at=at,
                    staff_name=name,
                    staff_roles=roles_label(Role(r) for r in roles if r in Role._value2member_map_),
                    staff_team=", ".join(teams),
                    action=action,
                    what=what_label(action, details),
                    why=why_label(details),
                    recipient=str(details.get("recipient") or ""),
                )
            )
        return SeenPage(entries=tuple(entries), next_before=page[-1][0] if more else None)
