"""The justification options every command that discloses a person's data takes:
``--justification CODE [--justification-text TEXT] [--recipient TEXT]``."""

from __future__ import annotations

import argparse

from resettle.cli.context import CliContext
from resettle.domain.disclosure import DisclosureReason, Justification
from resettle.domain.errors import ValidationFailed
from resettle.domain.validation import validate

#: Each field of the justification and the option that gives it (refusals name the option).
OPTIONS = {
    "justification": "--justification",
    "justification_text": "--justification-text",
    "recipient": "--recipient",
}


def add_disclosure_options(parser: argparse.ArgumentParser) -> None:
    codes = ", ".join(f"{j.value} ({j.label})" for j in Justification)
    parser.add_argument(
        "--justification",
        required=True,
        choices=[j.value for j in Justification],
        metavar="CODE",
        help=f"why the plan leaves the app (audited): {codes}",
    )
    parser.add_argument(
        "--justification-text",
        default="",
        metavar="TEXT",
        help="a short note with the justification (needed with 'other')",
    )
    parser.add_argument(
        "--recipient", default="", metavar="TEXT", help="who the plan is for, where it applies"
    )


def reason_from(args: argparse.Namespace, ctx: CliContext) -> DisclosureReason | None:
    """The checked justification; None, with each problem printed naming its option."""
    try:
        return validate(
            DisclosureReason,
            {
                "justification": args.justification,
                "justification_text": args.justification_text,
                "recipient": args.recipient,
            },
        )
    except ValidationFailed as failed:
        for problem in failed.problems:
            option = OPTIONS.get(problem.field.split(".", 1)[0], problem.field)
            said = problem.message.partition(": ")[2] or problem.message
            print(f"resettle: {option}: {said}", file=ctx.err)
        return None
