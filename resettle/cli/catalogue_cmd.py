"""``resettle catalogue``: list and edit the support-need catalogue."""

from __future__ import annotations

import argparse

from resettle.cli.commands import add_command
from resettle.cli.context import CliContext
from resettle.domain.catalogue_plain import PlainWords
from resettle.domain.pathways import Pathway

#: Said in the list for an entry the person's copy prints by its label.
NO_PLAIN_WORDS = "(no words for the person: add them with catalogue relabel --plain-title ...)"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    catalogue = add_command(subparsers, "catalogue")
    actions = catalogue.add_subparsers(dest="catalogue_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="entries, by pathway")
    listing.add_argument("--pathway", choices=[p.value for p in Pathway])
    listing.add_argument("--all", action="store_true", help="include retired entries")
    listing.set_defaults(handler=_list)
    add = actions.add_parser("add", help="add an entry (managers and administrators)")
    add.add_argument("--code", required=True, help="stable code, e.g. veterans_housing")
    add.add_argument("--pathway", required=True, choices=[p.value for p in Pathway])
    add.add_argument("--label", required=True)
    add.add_argument("--section", default="")
    add.add_argument("--needs-detail", action="store_true", help="free text is required")
    _plain_arguments(add, required=True)
    add.set_defaults(handler=_add)
    for name, active in (("retire", False), ("restore", True)):
        command = actions.add_parser(name, help=f"{name} an entry (it is never deleted)")
        command.add_argument("code")
        command.set_defaults(handler=_set_active, active=active)
    relabel = actions.add_parser("relabel", help="change an entry's wording")
    relabel.add_argument("code")
    relabel.add_argument("label")
    _plain_arguments(relabel, required=False)
    relabel.set_defaults(handler=_relabel)


def _plain_arguments(parser: argparse.ArgumentParser, *, required: bool) -> None:
    """The person's words, printed on their copy of a plan instead of the label."""
    parser.add_argument(
        "--plain-title",
        required=required,
        help="a short title in everyday words for the person's copy, e.g. 'Help to find work'",
    )
    parser.add_argument(
        "--plain-sentence",
        required=required,
        help="one sentence to the person saying what it means, e.g. 'We help you look for a job.'",
    )


def _list(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.catalogue import list_catalogue

    workspace = ctx.open_app()
    catalogue = workspace.run(list_catalogue)
    for entry in catalogue.entries:
        if args.pathway and entry.pathway.value != args.pathway:
            continue
        if not entry.active and not args.all:
            continue
        state = "" if entry.active else "\t(retired)"
        words = f"\t{entry.plain.title}" if entry.plain else f"\t{NO_PLAIN_WORDS}"
        print(f"{entry.code}\t{entry.pathway.value}\t{entry.label}{words}{state}", file=ctx.out)
    return 0


def _add(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.catalogue import add_catalogue_entry

    workspace = ctx.open_app()
    entry = workspace.run(
        add_catalogue_entry,
        {
            "code": args.code,
            "pathway": args.pathway,
            "label": args.label,
            "section": args.section,
            "needs_detail": args.needs_detail,
            "plain_title": args.plain_title,
            "plain_sentence": args.plain_sentence,
        },
    )
    print(f"Added {entry.code}: {entry.label}", file=ctx.out)
    return 0


def _set_active(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.catalogue import set_catalogue_entry_active

    workspace = ctx.open_app()
    entry = workspace.run(set_catalogue_entry_active, args.code, args.active)
    print(f"{entry.code} is now {'offered' if entry.active else 'retired'}.", file=ctx.out)
    return 0


def _relabel(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.catalogue import relabel_catalogue_entry

    given = args.plain_title is not None or args.plain_sentence is not None
    plain = PlainWords(args.plain_title or "", args.plain_sentence or "") if given else None
    workspace = ctx.open_app()
    entry = workspace.run(relabel_catalogue_entry, args.code, args.label, plain)
    words = f" (for the person: {entry.plain.title})" if entry.plain else ""
    print(f"{entry.code}: {entry.label}{words}", file=ctx.out)
    return 0
