"""``resettle programmes list``: the programme catalogue with the offerings and groups the
account sees (``services/programme_offerings.py``).

``programmes_cmd.py`` owns the ``programmes`` command and calls :func:`register` with its
sub-command parsers (this module is one of its ``ACTION_MODULES``).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from resettle.cli.context import CliContext
from resettle.domain.plural import counted
from resettle.domain.programmes.catalogue import Programme
from resettle.domain.programmes.offerings import GroupView, OfferingView, WeeklySlot


def register(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    listing = actions.add_parser("list", help="programmes, with the offerings and groups you see")
    listing.add_argument(
        "--establishment", metavar="CODE", help="only what is offered at this establishment"
    )
    listing.add_argument("--all", action="store_true", help="include retired programmes")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_list)


def _slot(slot: WeeklySlot) -> str:
    return f"{slot.weekday.value[:3]} {slot.starts_at:%H:%M} {slot.minutes}m"


def _place(offering: OfferingView) -> str:
    if offering.establishment_code is not None:
        return f"establishment {offering.establishment_code}"
    return f"team {offering.team_code}"


def _group_json(group: GroupView) -> dict[str, Any]:
    return {
        "id": group.id,
        "code": group.code,
        "capacity": group.capacity,
        "starts_on": group.starts_on.isoformat(),
        "ends_on": group.ends_on.isoformat(),
        "schedule": [slot.model_dump(mode="json") for slot in group.schedule],
        "sessions": group.session_count,
    }


def _programme_json(
    programme: Programme, offerings: list[OfferingView], groups: list[GroupView]
) -> dict[str, Any]:
    weeks = programme.weeks_to_complete
    return {
        "code": programme.code,
        "name": programme.name,
        "provider": programme.provider,
        "setting": programme.setting.value,
        "intensity": programme.intensity.value,
        "active": programme.active,
        "pathways": sorted(p.value for p in programme.pathways),
        "criminogenic_needs": sorted(programme.criminogenic_needs),
        "modules": len(programme.modules),
        "sessions": len(programme.session_templates()),
        "weeks_to_complete": None if weeks is None else weeks.model_dump(),
        "evidence_intervention_id": programme.evidence_intervention_id,
        "approximate": sorted(programme.approximate),
        "offerings": [
            {
                "id": offering.id,
                "establishment": offering.establishment_code,
                "team": offering.team_code,
                "contact": offering.contact,
                "active": offering.active,
                "groups": [_group_json(g) for g in groups if g.offering_id == offering.id],
            }
            for offering in offerings
        ],
    }


def _list(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.programme_offerings import list_programme_offerings

    workspace = ctx.open_app()
    listing = workspace.run(list_programme_offerings, args.establishment)
    rows = []
    for programme in listing.catalogue.programmes:
        offerings = [o for o in listing.offerings if o.programme_code == programme.code]
        if args.establishment and not offerings:
            continue
        if not programme.active and not args.all:
            continue
        rows.append((programme, offerings))
    if args.json:
        payload = {
            "programmes": [
                _programme_json(programme, offerings, list(listing.groups))
                for programme, offerings in rows
            ]
        }
        json.dump(payload, ctx.out, ensure_ascii=False, indent=2)
        print(file=ctx.out)
        return 0
    for programme, offerings in rows:
        weeks = programme.weeks_to_complete
        if weeks is None:
            time = "time unknown"
        elif weeks.maximum is None:
            time = f"at least {weeks.minimum} weeks"
        else:
            time = f"{weeks.minimum}-{weeks.maximum} weeks"
        state = "" if programme.active else "\t(retired)"
        print(
            f"{programme.code}\t{programme.name}\t{programme.setting.value}\t"
            f"{programme.intensity.value}\t{time}{state}",
            file=ctx.out,
        )
        for offering in offerings:
            print(f"  offering {offering.id} at {_place(offering)}", file=ctx.out)
            for group in (g for g in listing.groups if g.offering_id == offering.id):
                print(
                    f"    group {group.code} (id {group.id})\tcapacity {group.capacity}\t"
                    f"{group.starts_on} to {group.ends_on}\t"
                    f"{', '.join(_slot(s) for s in group.schedule)}\t"
                    f"{counted(group.session_count, 'session')}",
                    file=ctx.out,
                )
    if not rows:
        print("No programmes to show.", file=ctx.out)
    return 0
