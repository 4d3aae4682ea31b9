"""``resettle programmes statuses``: the referral workflow as the database holds it.

    resettle programmes statuses            the statuses and, under each, its moves
    resettle programmes statuses --json     {"statuses": [...], "moves": [{"from", "to",
                                            "roles"}], "roles": {group: [Resettle roles]}}
    resettle programmes statuses --dot      a Graphviz diagram (``dot -Tsvg``)

The roles are the workflow's role groups (``programme_team``, ``referrer``); ``roles`` maps
each to the Resettle roles in it. docs/images/programme-referral-workflow.dot is this
command's ``--dot`` output (a test keeps the two the same).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from resettle.cli.context import CliContext
from resettle.domain.programme_referral_workflow import (
    Move,
    Workflow,
    WorkflowRoleGroup,
    roles_in_group,
)


def register(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    statuses = actions.add_parser(
        "statuses", help="the referral statuses and who may move a referral between them"
    )
    output = statuses.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument("--dot", action="store_true", help="print a Graphviz diagram")
    statuses.set_defaults(handler=_statuses)


def _statuses(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.programme_workflow import read_workflow

    workflow = ctx.open_app().run(read_workflow)
    if args.json:
        json.dump(workflow_json(workflow), ctx.out, ensure_ascii=False, indent=2)
        print(file=ctx.out)
    elif args.dot:
        ctx.out.write(workflow_dot(workflow))
    else:
        ctx.out.write(workflow_text(workflow))
    return 0


def _groups(move: Move) -> list[str]:
    return sorted(group.value for group in move.role_groups)


def _ordered_moves(workflow: Workflow) -> list[Move]:
    order = {status.code: status.display_order for status in workflow.statuses}
    return sorted(workflow.moves, key=lambda m: (order[m.from_status], order[m.to_status]))


def workflow_json(workflow: Workflow) -> dict[str, Any]:
    return {
        "statuses": [
            {
                "code": status.code,
                "label": status.label,
                "draft": status.draft,
                "open": status.open,
                "closed": status.closed,
                "on_hold": status.on_hold,
                "order": status.display_order,
            }
            for status in workflow.statuses
        ],
        "moves": [
            {"from": move.from_status, "to": move.to_status, "roles": _groups(move)}
            for move in _ordered_moves(workflow)
        ],
        "roles": {
            group.value: [role.value for role in roles_in_group(group)]
            for group in WorkflowRoleGroup
        },
    }


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


#: How the diagram draws each kind of status.
_NODE_STYLE = {
    "draft": 'style="rounded,dashed"',
    "closed": 'style="rounded,filled", fillcolor="#e8e8e8"',
    "on_hold": 'style="rounded,filled", fillcolor="#fff4cc"',
    "open": 'style="rounded,filled", fillcolor="#dcefff"',
}
#: How the diagram draws each set of role groups.
_EDGE_STYLE = {
    ("programme_team",): 'color="#1d5fa8"',
    ("programme_team", "referrer"): 'color="#333333", style="bold"',
    ("referrer",): 'color="#a84e1d"',
}


def _kind(workflow: Workflow, code: str) -> str:
    status = workflow.status(code)
    if status.draft:
        return "draft"
    if status.closed:
        return "closed"
    return "on_hold" if status.on_hold else "open"


def workflow_dot(workflow: Workflow) -> str:
    """Statuses as nodes (labelled with their words, styled by kind) and moves as edges
    labelled with the role groups that may make them (a deselection that keeps the
    referral open is dashed)."""
    lines = [
        "digraph programme_referral_workflow {",
        "  rankdir=TB;",
        '  node [shape=box, style="rounded", fontname="DejaVu Sans", fontsize=10];',
        '  edge [fontname="DejaVu Sans", fontsize=8];',
    ]
    for status in workflow.statuses:
        lines.append(
            f"  {status.code} [label={_quoted(status.label)}, "
            f"{_NODE_STYLE[_kind(workflow, status.code)]}];"
        )
    for move in _ordered_moves(workflow):
        groups = tuple(_groups(move))
        label = " + ".join(groups) + (" (deselect, stays open)" if move.deselects else "")
        style = _EDGE_STYLE.get(groups, "")
        dashed = ', style="dashed"' if move.deselects else ""
        lines.append(
            f"  {move.from_status} -> {move.to_status} "
            f"[label={_quoted(label)}{', ' + style if style else ''}{dashed}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def workflow_text(workflow: Workflow) -> str:
    """Each status with its flags, and under it the moves out of it and who makes them."""
    out: list[str] = []
    moves = _ordered_moves(workflow)
    for status in workflow.statuses:
        flags = [
            name
            for name, held in (
                ("draft", status.draft),
                ("open", status.open),
                ("on hold", status.on_hold),
                ("closed", status.closed),
            )
            if held
        ]
        out.append(f"{status.code}\t{status.label}\t({', '.join(flags)})")
        for move in (m for m in moves if m.from_status == status.code):
            out.append(f"  -> {move.to_status}\t{', '.join(_groups(move))}\t{move.description}")
    return "\n".join(out) + "\n"
