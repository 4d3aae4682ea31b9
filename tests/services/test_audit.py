"""Audit rows: one registry of action names, documented; the subject person as a column;
the time taken in the database, read back as UTC."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

from resettle.domain.audit_actions import ACTION_PATTERN, AuditAction
from resettle.domain.audit_details import AuditDetailsRefused
from resettle.services import audit
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.storage.tables.audit import AuditEntryRow
from tests.factories import person_data

ROOT = Path(__file__).resolve().parents[2]


def _documented() -> set[str]:
    text = (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
    section = text.split("## Action names", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE))


def test_every_action_follows_the_scheme_and_is_documented() -> None:
    names = {action.value for action in AuditAction}
    assert all(ACTION_PATTERN.match(name) for name in names)
    assert _documented() == names


def test_services_name_actions_only_through_the_registry() -> None:
    """No service passes a string literal as an audit action, and only ``audit.record`` and
    ``audit.record_many`` write rows (``uow.audit.record``/``record_many`` nowhere else)."""
    offenders = []
    for path in (ROOT / "resettle").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        writes = "uow.audit.record(" in source or "uow.audit.record_many(" in source
        if writes and path.name != "audit.py":
            offenders.append(f"{path.name}: writes audit rows directly")
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("record", "record_many")
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "audit"
                and len(node.args) > 2
                and not _from_registry(node.args[2])
            ):
                offenders.append(f"{path.name}:{node.lineno}: action not from AuditAction")
    assert offenders == []


def _from_registry(node: ast.expr) -> bool:
    """``AuditAction.X``, or ``AuditAction.X if ... else AuditAction.Y``."""
    if isinstance(node, ast.IfExp):
        return _from_registry(node.body) and _from_registry(node.orelse)
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "AuditAction"
    )


def test_rows_name_their_subject_and_take_utc_time_from_the_database(
    workspace: Workspace,
) -> None:
    detail = register_person(workspace.actor, workspace.uow(), person_data())
    with workspace.uow() as uow:
        audit.record(uow, workspace.actor, AuditAction.CATALOGUE_ADDED, None, person_id=None)
        uow.commit()
    with workspace.uow() as uow:
        rows = {row.action: row for row in uow.audit.latest()}
        registered, catalogue = rows["person.registered"], rows["catalogue.added"]
        assert (registered.entity_type, registered.entity_id) == ("person", detail.id)
        assert registered.person_id == detail.id
        assert (catalogue.entity_type, catalogue.person_id) == ("catalogue", None)
        now = dt.datetime.now(dt.UTC)
        for row in (registered, catalogue):
            assert row.at.tzinfo is not None and row.at.utcoffset() == dt.timedelta(0)
            assert abs(row.at - now) < dt.timedelta(minutes=2)


def test_the_time_column_is_set_by_the_database() -> None:
    default = AuditEntryRow.__table__.c.at.server_default
    assert default is not None and AuditEntryRow.__table__.c.at.default is None


@pytest.mark.parametrize(
    "details",
    [
        {"reason": "John Smith DOB 1980 lives at 12 High St"},
        {"fields": ["name", "two words"]},
        {"justification_text": "solicitor"},
        {"score": 1.5},
    ],
)
def test_a_use_case_passing_words_is_refused_and_writes_nothing(
    workspace: Workspace, details: dict[str, object]
) -> None:
    with workspace.uow() as uow:
        before = uow.audit.count()
        with pytest.raises(AuditDetailsRefused):
            audit.record(uow, workspace.actor, AuditAction.CASE_CLOSED, 1, person_id=1, **details)
        with pytest.raises(AuditDetailsRefused):
            audit.record_without_actor(uow, AuditAction.ACCOUNT_SIGN_IN_FAILED, None, **details)
        assert uow.audit.count() == before
