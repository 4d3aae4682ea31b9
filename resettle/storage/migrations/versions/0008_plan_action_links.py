"""Plan actions linked to the support need or referral they come from by a foreign key, and
existing actions linked where that can be known for sure.

A plan action's status is now derived from what it is linked to (``domain/linked_actions.py``),
so a link must be right or absent:

- a link to a support need or referral that does not exist, or belongs to another person than
  the plan's, is removed (and so is an essential kind Resettle does not know);
- an action with no link whose pathway and words are exactly those Resettle suggests for an
  essential (for instance "Get an ID document" in Finance and ID) is linked to that essential,
  when it is the only such action in its plan version and no other action there is linked to
  it (an essential is one per person and kind);
- likewise an action whose pathway and words are exactly a support need's ("label" or
  "label: detail"), when exactly one of the person's support needs reads so, it is the only
  such action in its version, and no other action there is linked to that need.

Everything else stays unlinked: its status stays its own. Referrals are not matched by words
(their suggested words name the provider, which may since have changed). The texts below are
those of this revision, copied so the migration never changes with later code.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 19:30:00
"""

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

#: kind -> (pathway, words) Resettle suggests for an open essential.
ESSENTIAL_ACTIONS = {
    "first_night_address": ("accommodation", "Confirm where you will sleep on the first night"),
    "id_document": ("finance_id", "Get an ID document"),
    "bank_account": ("finance_id", "Open a bank account"),
    "benefits_claim": ("finance_id", "Start the benefits claim with the work coach"),
    "gp_registration": ("health", "Register with a GP"),
    "medication_supply": ("health", "Take home a supply of your medication"),
    "ost_continuity": ("drugs_alcohol", "Book treatment to continue in the community"),
    "naloxone": ("drugs_alcohol", "Take home a naloxone kit and learn to use it"),
    "first_probation_appointment": (
        "attitudes_thinking_behaviour",
        "Book the first probation appointment",
    ),
    "travel": ("accommodation", "Arrange travel on release day"),
}

_NO_LINK = (
    "source_intervention_id IS NULL AND source_support_need_id IS NULL "
    "AND source_essential_kind IS NULL AND source_referral_id IS NULL"
)


def _remove_wrong_links(bind: sa.engine.Connection) -> None:
    for column, table in (
        ("source_support_need_id", "support_needs"),
        ("source_referral_id", "referrals"),
    ):
        bind.execute(
            sa.text(
                f"UPDATE plan_actions SET {column} = NULL WHERE {column} IS NOT NULL AND NOT EXISTS ("
                f"SELECT 1 FROM {table} t JOIN plan_versions v ON v.person_id = t.person_id "
                f"WHERE t.id = plan_actions.{column} AND v.id = plan_actions.plan_version_id)"
            )
        )
    bind.execute(
        sa.text(
            "UPDATE plan_actions SET source_essential_kind = NULL "
            "WHERE source_essential_kind IS NOT NULL AND source_essential_kind NOT IN :kinds"
        ).bindparams(sa.bindparam("kinds", list(ESSENTIAL_ACTIONS), expanding=True))
    )


def _unlinked_actions(bind: sa.engine.Connection) -> list[sa.Row]:
    return list(
        bind.execute(
            sa.text(
                "SELECT a.id, a.plan_version_id, v.person_id, a.pathway, a.what FROM plan_actions a "
                f"JOIN plan_versions v ON v.id = a.plan_version_id WHERE {_NO_LINK}"
            )
        )
    )


def _linked_in_versions(bind: sa.engine.Connection, column: str) -> set[tuple[int, object]]:
    rows = bind.execute(
        sa.text(f"SELECT plan_version_id, {column} FROM plan_actions WHERE {column} IS NOT NULL")
    )
    return {(version_id, value) for version_id, value in rows}


def _only_ones(
    candidates: dict[tuple[int, object], list[int]], taken: set[tuple[int, object]]
) -> dict[int, object]:
    """action id -> what it links to, for each (version, target) with exactly one candidate
    action and no action of that version already linked to the target."""
    return {
        ids[0]: target
        for (version_id, target), ids in candidates.items()
        if len(ids) == 1 and (version_id, target) not in taken
    }


def _link_essentials(bind: sa.engine.Connection, unlinked: list[sa.Row]) -> set[int]:
    words = {(pathway, what): kind for kind, (pathway, what) in ESSENTIAL_ACTIONS.items()}
    candidates: dict[tuple[int, object], list[int]] = defaultdict(list)
    for action_id, version_id, _person_id, pathway, what in unlinked:
        kind = words.get((pathway, what))
        if kind is not None:
            candidates[(version_id, kind)].append(action_id)
    links = _only_ones(candidates, _linked_in_versions(bind, "source_essential_kind"))
    for action_id, kind in links.items():
        bind.execute(
            sa.text("UPDATE plan_actions SET source_essential_kind = :kind WHERE id = :id"),
            {"kind": kind, "id": action_id},
        )
    return set(links)


def _link_support_needs(bind: sa.engine.Connection, unlinked: list[sa.Row]) -> None:
    people = {person_id for _a, _v, person_id, _p, _w in unlinked}
    if not people:
        return
    readings: dict[tuple[int, str, str], list[int]] = defaultdict(list)
    rows = bind.execute(
        sa.text(
            "SELECT s.id, s.person_id, c.pathway, c.label, s.detail FROM support_needs s "
            "JOIN support_need_catalogue c ON c.code = s.code WHERE s.person_id IN :people"
        ).bindparams(sa.bindparam("people", sorted(people), expanding=True))
    )
    for need_id, person_id, pathway, label, detail in rows:
        words = f"{label}: {detail}" if detail else label
        readings[(person_id, pathway, words)].append(need_id)
    candidates: dict[tuple[int, object], list[int]] = defaultdict(list)
    for action_id, version_id, person_id, pathway, what in unlinked:
        needs = readings.get((person_id, pathway, what), [])
        if len(needs) == 1:
            candidates[(version_id, needs[0])].append(action_id)
    links = _only_ones(candidates, _linked_in_versions(bind, "source_support_need_id"))
    for action_id, need_id in links.items():
        bind.execute(
            sa.text("UPDATE plan_actions SET source_support_need_id = :need WHERE id = :id"),
            {"need": need_id, "id": action_id},
        )


def upgrade() -> None:
    bind = op.get_bind()
    _remove_wrong_links(bind)
    unlinked = _unlinked_actions(bind)
    linked = _link_essentials(bind, unlinked)
    _link_support_needs(bind, [row for row in unlinked if row[0] not in linked])
    with op.batch_alter_table("plan_actions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_actions_source_support_need_id"), ["source_support_need_id"]
        )
        batch_op.create_index(
            batch_op.f("ix_plan_actions_source_referral_id"), ["source_referral_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_plan_actions_source_support_need_id_support_needs"),
            "support_needs",
            ["source_support_need_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_plan_actions_source_referral_id_referrals"),
            "referrals",
            ["source_referral_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("plan_actions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_plan_actions_source_referral_id_referrals"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_plan_actions_source_support_need_id_support_needs"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_plan_actions_source_referral_id"))
        batch_op.drop_index(batch_op.f("ix_plan_actions_source_support_need_id"))
