"""Which tables row-level security protects, and through which link (no server needed)."""

from __future__ import annotations

import random

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table

from resettle.storage.postgres_access import person_tables


def test_a_history_row_hangs_from_its_required_parent_link() -> None:
    reach = {t.name: t.reach for t in person_tables()}
    assert reach["plan_actions"] == (
        "EXISTS (SELECT 1 FROM plan_versions parent WHERE parent.id = plan_actions.plan_version_id)"
    )
    assert "support_need_history.support_need_id" in reach["support_need_history"]
    assert "referral_history.referral_id" in reach["referral_history"]


def test_the_link_chosen_does_not_depend_on_the_order_of_the_foreign_keys() -> None:
    """``Table.foreign_keys`` is a set, whose order changes from one process to the next: the
    policy once hung ``plan_actions`` from its optional support-need link in some runs."""
    metadata = MetaData()
    people = Table("people", metadata, Column("id", Integer, primary_key=True))
    versions = Table(
        "versions",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("person_id", ForeignKey("people.id"), nullable=False),
    )
    needs = Table(
        "needs",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("person_id", ForeignKey("people.id"), nullable=False),
    )
    columns = [
        Column("a_need_id", ForeignKey("needs.id"), nullable=True),
        Column("version_id", ForeignKey("versions.id"), nullable=False),
    ]
    random.Random(7).shuffle(columns)
    actions = Table("actions", metadata, Column("id", Integer, primary_key=True), *columns)
    for _ in range(20):
        found = {t.name: t.reach for t in person_tables([people, versions, needs, actions])}
        assert found["actions"].endswith("WHERE parent.id = actions.version_id)")
