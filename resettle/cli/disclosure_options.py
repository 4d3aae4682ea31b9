"""The justification options every command that discloses a person's data takes:
``--justification CODE [--justification-text TEXT] [--recipient TEXT]``."""

from __future__ import annotations

import argparse

from resettle.cli.field_options import name_options
from resettle.domain.disclosure import DisclosureReason, Justification
from resettle.domain.validation import validate


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
    name_options(
        parser,
        justification="--justification",
        justification_text="--justification-text",
        recipient="--recipient",
    )


def reason_from(args: argparse.Namespace) -> DisclosureReason:
    """The checked justification; a refusal names the options (``add_disclosure_options``)."""
    return validate(
        DisclosureReason,
        {
            "justification": args.justification,
            "justification_text": args.justification_text,
            "recipient": args.recipient,
        },
    )
