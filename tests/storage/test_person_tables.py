"""Which tables row-level security protects, and through which link (no server needed)."""

from __future__ import annotations

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
    policy once hung ``plan_actions`` from its optional support-need link in some runs. Both
    orders are tried here, by handing the table its keys as a list."""
    metadata = MetaData()
    people = Table("people", metadata, Column("id", Integer, primary_key=True))
    parents = [
        Table(
            name,
            metadata,
            Column("id", Integer, primary_key=True),
            Column("person_id", ForeignKey("people.id"), nullable=False),
        )
        for name in ("versions", "needs")
    ]
    actions = Table(
        "actions",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("a_need_id", ForeignKey("needs.id"), nullable=True),
        Column("version_id", ForeignKey("versions.id"), nullable=False),
    )
    keys = list(actions.foreign_keys)
    for order in (keys, keys[::-1]):
        actions.foreign_keys = order  # type: ignore[assignment]
        found = {t.name: t.reach for t in person_tables([people, *parents, actions])}
        assert found["actions"].endswith("WHERE parent.id = actions.version_id)")
