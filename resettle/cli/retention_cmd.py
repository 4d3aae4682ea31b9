"""``resettle retention ...`` (rules for administrators; the review queue and keep decisions
for managers) and ``resettle erase`` (managers): erase one person and write the certificate."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from resettle.cli.arg_types import integer
from resettle.cli.commands import add_acting_user, add_command
from resettle.cli.context import CliContext
from resettle.cli.field_options import name_options
from resettle.cli.output_files import output_errors
from resettle.cli.password_prompt import has_terminal
from resettle.domain.erasure import ErasureReason
from resettle.domain.errors import DomainError, ValidationFailed
from resettle.domain.identifiers import checked_prison_number, normalise_identifier
from resettle.domain.retention import RetentionBasis, RetentionRule


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    retention = add_command(subparsers, "retention")
    actions = retention.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    rules = actions.add_parser("rules", help="the retention rules (administrators set them)")
    rule_actions = rules.add_subparsers(dest="rules_command", metavar="ACTION")
    rules.set_defaults(handler=_list_rules, json=False)
    listing = rule_actions.add_parser("list", help="every rule")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_list_rules)
    setting = rule_actions.add_parser("set", help="add a rule, or change the one of that name")
    setting.add_argument("name", help='e.g. "7 years after licence end"')
    setting.add_argument(
        "--from",
        dest="counts_from",
        required=True,
        metavar="DATE",
        help="the date it counts from: "
        + ", ".join(f"{b.value} ({b.label})" for b in RetentionBasis),
    )
    setting.add_argument("--years", type=integer, default=0)
    setting.add_argument("--months", type=integer, default=0)
    setting.add_argument("--rename", metavar="NEW_NAME", help="give the rule a new name")
    setting.add_argument(
        "--inactive",
        action="store_true",
        help="keep the rule but do not use it (listed as Not used)",
    )
    setting.set_defaults(handler=_set_rule)
    name_options(
        setting,
        name="NAME",
        rule_name="NAME",
        counts_from="--from",
        years="--years",
        months="--months",
        period="--years/--months",
    )
    due = actions.add_parser("due", help="people due for a retention review (managers)")
    due.add_argument("--json", action="store_true", help="print JSON")
    due.set_defaults(handler=_due)
    keep = actions.add_parser("keep", help="keep a person's record after review (managers)")
    keep.add_argument("--person", required=True, metavar="PRISON_NUMBER")
    keep.add_argument("--reason", required=True, help="why the record is still needed")
    keep.add_argument("--next-review", required=True, metavar="YYYY-MM-DD")
    keep.set_defaults(handler=_keep)
    name_options(keep, reason="--reason", next_review_on="--next-review")
    for parser in (rules, *rule_actions.choices.values(), due, keep):
        add_acting_user(parser)

    erase = add_command(subparsers, "erase")
    erase.add_argument("--person", required=True, metavar="PRISON_NUMBER")
    erase.add_argument(
        "--reason",
        required=True,
        help="one of " + ", ".join(reason.value for reason in ErasureReason),
    )
    erase.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="folder for the erasure certificate (default: beside the database)",
    )
    erase.add_argument(
        "--yes", action="store_true", help="erase without asking to type the prison number"
    )
    erase.set_defaults(handler=_erase)
    name_options(erase, reason="--reason")
    add_acting_user(erase)


def _list_rules(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.retention import list_retention_rules

    rules = ctx.open_app().run(list_retention_rules)
    if args.json:
        _json([rule.model_dump(mode="json") for rule in rules], ctx)
        return 0
    for rule in rules:
        print(f"{rule.name}\t{_rule_text(rule, TAB)}\t{rule.status_text}", file=ctx.out)
    return 0


TAB = "\t"


def _rule_text(rule: RetentionRule, sep: str) -> str:
    """The period, what it counts from and what follows, in the words the Retention tab uses
    ("7 years after licence (sentence) end" SEP "then review")."""
    return (
        f"{rule.period_text} after {rule.counts_from.label.lower()}{sep}"
        f"then {rule.action.label.lower()}"
    )


def _set_rule(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.retention import list_retention_rules, save_retention_rule

    if args.rename:  # the name a refusal is about is the new one
        args.field_options = {**args.field_options, "name": "--rename"}
    workspace = ctx.open_app()
    rules = workspace.run(list_retention_rules)
    existing = [rule for rule in rules if rule.name == args.name.strip()]
    _refuse_a_name_in_other_case(args.name.strip(), rules)
    data = {
        "name": args.rename or args.name,
        "counts_from": args.counts_from.strip().lower().replace("-", "_"),
        "years": args.years,
        "months": args.months,
        "active": not args.inactive,
    }
    rule = workspace.run(save_retention_rule, existing[0].id if existing else None, data)
    verb = "Changed" if existing else "Added"
    print(f"{verb} rule {rule.name}: {_rule_text(rule, ', ')}.", file=ctx.out)
    return 0


def _refuse_a_name_in_other_case(name: str, rules: list[RetentionRule]) -> None:
    """Names are unique in any case, as in the Retention tab: ``set`` changes the rule whose
    name is typed exactly as listed, and refuses a name that differs from one only in case
    (rather than change that rule without saying)."""
    if any(rule.name == name for rule in rules):
        return
    for rule in rules:
        if rule.name.lower() == name.lower():
            raise ValidationFailed.single(
                "rule_name",
                "duplicate",
                f"Name: there is already a rule called {rule.name}; to change it, give its "
                "name exactly as `retention rules list` shows it",
            )


def _due(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.retention import list_due_for_review

    people = ctx.open_app().run(list_due_for_review)
    if args.json:
        _json([person.model_dump(mode="json") for person in people], ctx)
        return 0
    if not people:
        print("No one is due for a retention review.", file=ctx.out)
    for person in people:
        print(
            f"{person.prison_number}\t{person.name}\tdue {person.due_on.isoformat()}\t"
            f"{person.rule_name}",
            file=ctx.out,
        )
    return 0


def _keep(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.people import find_person_id
    from resettle.services.retention import keep_after_review

    try:
        next_review = dt.date.fromisoformat(args.next_review.strip())
    except ValueError:
        raise ValidationFailed.single(
            "next_review_on", "date", "Next review: a date as YYYY-MM-DD"
        ) from None
    workspace = ctx.open_app()
    person_id = workspace.run(find_person_id, args.person)
    kept = workspace.run(
        keep_after_review, person_id, {"reason": args.reason, "next_review_on": next_review}
    )
    print(f"Kept; next review on {kept.isoformat()}.", file=ctx.out)
    return 0


def _erase(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.erasure.certificate import certificate_folder, write_certificate
    from resettle.services.erasure.erase import erase_person
    from resettle.settings import resolve_settings

    number = checked_prison_number(args.person)
    if not args.yes and not _confirmed(number, ctx):
        return 1
    workspace = ctx.open_app()
    record = workspace.run(erase_person, number, args.reason)
    folder = args.out or certificate_folder(workspace, resolve_settings(args.data_dir).data_dir)
    with output_errors(folder, forceable=False):
        path = write_certificate(record, folder)
    print(
        f"Erased: {record.rows_removed:,} rows from {len(record.tables)} tables "
        f"(tombstone {record.tombstone_id}). Certificate: {path}",
        file=ctx.out,
    )
    return 0


class ErasureNotConfirmed(DomainError):
    code = "erasure.not_confirmed"


def _confirmed(number: str, ctx: CliContext) -> bool:
    """Whether the user typed ``number`` back at the terminal; refused (naming ``--yes``) when
    there is no terminal to type at."""
    if not has_terminal():
        raise ErasureNotConfirmed(
            "erase asks you to type the prison number to confirm, and there is no terminal "
            "to type it at: add --yes to erase without asking."
        )
    print(
        f"This erases every record of {number} for good; only the certificate remains.",
        file=ctx.err,
    )
    try:
        typed = input(f"Type {number} to erase, anything else to stop: ")
    except EOFError:
        typed = ""
    if normalise_identifier(typed) == number:
        return True
    print("Not erased: that is not the prison number.", file=ctx.err)
    return False


def _json(payload: Any, ctx: CliContext) -> None:
    json.dump(payload, ctx.out, ensure_ascii=False, indent=2)
