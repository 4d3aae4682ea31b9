"""The audit trail becomes one hash chain: ``seq`` and ``row_hash`` on every row, and the
chain head (``audit_head``, one row) that every append updates first.

Existing rows are numbered in id order (the order they were written in) and hashed with the
chain's canonical form (``domain/audit_chain.py``), reading their time and details exactly as
stored, page by page; then ``seq`` becomes unique and both columns required, and the head
takes the last row's number, hash and time (0, 64 zeros and none for an empty trail).
On PostgreSQL run ``resettle db setup-roles`` again afterwards, as after every upgrade: it
lets every login update the head and makes the sign-in gate's audit rows join the chain.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 09:30:00
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

from resettle.domain.audit_chain import GENESIS_HASH, ChainEntry, chain_hash
from resettle.storage.base import UtcDateTime

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_PAGE = 5000
_HEAD_ID = 1  # copied so the migration never changes

_AUDIT = sa.table(
    "audit_log",
    sa.column("id", sa.Integer()),
    sa.column("at", UtcDateTime()),
    sa.column("actor_id", sa.Integer()),
    sa.column("action", sa.String()),
    sa.column("entity_type", sa.String()),
    sa.column("entity_id", sa.Integer()),
    sa.column("person_id", sa.Integer()),
    sa.column("details", sa.JSON()),
    sa.column("seq", sa.BigInteger()),
    sa.column("row_hash", sa.String()),
)


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("seq", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("row_hash", sa.String(length=64), nullable=True))
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("last_at", UtcDateTime(), nullable=True),
        sa.CheckConstraint(f"id = {_HEAD_ID}", name=op.f("ck_audit_head_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    last_seq, last_hash, last_at = _chain_existing_rows()
    op.bulk_insert(
        head, [{"id": _HEAD_ID, "last_seq": last_seq, "last_hash": last_hash, "last_at": last_at}]
    )
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("seq", existing_type=sa.BigInteger(), nullable=False)
        batch.alter_column("row_hash", existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint(batch.f("uq_audit_log_seq"), ["seq"])


def _chain_existing_rows() -> tuple[int, str, dt.datetime | None]:
    connection = op.get_bind()
    statement = (
        _AUDIT.update()
        .where(_AUDIT.c.id == sa.bindparam("row_id"))
        .values(seq=sa.bindparam("new_seq"), row_hash=sa.bindparam("new_hash"))
    )
    seq, previous, at, after_id = 0, GENESIS_HASH, None, 0
    while True:
        page = connection.execute(
            sa.select(
                _AUDIT.c.id,
                _AUDIT.c.at,
                _AUDIT.c.actor_id,
                _AUDIT.c.action,
                _AUDIT.c.entity_type,
                _AUDIT.c.entity_id,
                _AUDIT.c.person_id,
                _AUDIT.c.details,
            )
            .where(_AUDIT.c.id > after_id)
            .order_by(_AUDIT.c.id)
            .limit(_PAGE)
        ).all()
        if not page:
            return seq, previous, at
        updates = []
        for row_id, at, actor_id, action, entity_type, entity_id, person_id, details in page:
            seq += 1
            entry = ChainEntry(
                seq, at, actor_id, action, entity_type, entity_id, person_id, details or {}
            )
            previous = chain_hash(previous, entry)
            updates.append({"row_id": row_id, "new_seq": seq, "new_hash": previous})
            after_id = row_id
        connection.execute(statement, updates)


def downgrade() -> None:
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_constraint(batch.f("uq_audit_log_seq"), type_="unique")
        batch.drop_column("row_hash")
        batch.drop_column("seq")
