"""Migration 0020 seeds the programme referral workflow; what it seeds is what the domain
describes (``STANDARD_WORKFLOW``), read back through the repository the services use; the
downgrade removes the tables."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import delete

from resettle.domain.programme_referral_workflow import STANDARD_WORKFLOW, Workflow
from resettle.services.programme_workflow import read_workflow
from resettle.services.workspace import Workspace
from resettle.storage.tables.programme_workflow import (
    PROGRAMME_WORKFLOW_TABLES,
    ProgrammeReferralMoveRoleRow,
)
from tests.storage.migration_steps import migration_steps


def _comparable(workflow: Workflow) -> tuple[object, ...]:
    """The statuses and categories in their order, the moves as a set."""
    return workflow.statuses, workflow.categories, frozenset(workflow.moves)


def test_the_seeded_workflow_is_the_domains(workspace: Workspace) -> None:
    seeded = workspace.run(read_workflow)
    assert _comparable(seeded) == _comparable(STANDARD_WORKFLOW)
    # Row counts, so that nothing extra hides behind equal domain objects.
    with workspace.uow() as uow:
        count = uow.session.scalar(
            sa.select(sa.func.count()).select_from(ProgrammeReferralMoveRoleRow)
        )
    assert count == sum(len(move.role_groups) for move in STANDARD_WORKFLOW.moves) == 43


def test_a_move_taken_out_of_the_table_is_no_longer_offered(workspace: Workspace) -> None:
    """The services read the table, not the domain's copy."""
    with workspace.uow() as uow:
        uow.session.execute(
            delete(ProgrammeReferralMoveRoleRow).where(
                ProgrammeReferralMoveRoleRow.from_status == "submitted",
                ProgrammeReferralMoveRoleRow.to_status == "withdrawn",
                ProgrammeReferralMoveRoleRow.role_group == "referrer",
            )
        )
        uow.commit()
    workflow = workspace.run(read_workflow)
    assert _comparable(workflow) != _comparable(STANDARD_WORKFLOW)
    withdraw = next(
        m for m in workflow.moves if (m.from_status, m.to_status) == ("submitted", "withdrawn")
    )
    assert {group.value for group in withdraw.role_groups} == {"programme_team"}


def test_the_workflow_tables_come_and_go(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0018")
        assert not set(PROGRAMME_WORKFLOW_TABLES) & set(sa.inspect(engine).get_table_names())
        migrate("0020")
        assert set(PROGRAMME_WORKFLOW_TABLES) <= set(sa.inspect(engine).get_table_names())
        with engine.connect() as connection:
            statuses = connection.execute(
                sa.text("SELECT count(*) FROM programme_referral_statuses")
            ).scalar_one()
            with_role = connection.execute(
                sa.text(
                    "SELECT count(*) FROM programme_referral_move_roles "
                    "WHERE role_group NOT IN ('programme_team', 'referrer')"
                )
            ).scalar_one()
        assert (statuses, with_role) == (15, 0)
        migrate("0018", down=True)
        assert not set(PROGRAMME_WORKFLOW_TABLES) & set(sa.inspect(engine).get_table_names())
