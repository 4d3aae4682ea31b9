"""Refusals name the option the user typed, never the field a use case checks.

A use case refuses with ``ValidationFailed`` naming its fields (``next_review_on``) and
messages that start with the on-screen label ("Next review: ..."). A command says which
option gives each field (``name_options(parser, next_review_on="--next-review")``), and the
CLI's error handler prints every problem through ``refusal_lines``:
``resettle: --next-review: a date as YYYY-MM-DD``. A field no option names is printed as
its message alone when that starts with the field's label (``Notes: is required``, never
``notes: Notes: is required``), else as the use case names it (``password: ...``).
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from resettle.domain.errors import ValidationFailed

#: Fields every command gives with the same option.
SHARED = {"prison_number": "--person"}


def name_options(parser: argparse.ArgumentParser, **options: str) -> None:
    """Record which option gives each field on this command (added to any named before)."""
    named = dict(parser.get_default("field_options") or {})
    named.update(options)
    parser.set_defaults(field_options=named)


def option_for(field: str, options: Mapping[str, str]) -> str | None:
    head = field.split(".", 1)[0]
    return options.get(head) or SHARED.get(head)


def refusal_lines(failed: ValidationFailed, options: Mapping[str, str]) -> list[str]:
    """One line per problem, naming the option that gives its field."""
    lines = []
    for problem in failed.problems:
        option = option_for(problem.field, options)
        if option is None:
            # The message already starts with the field's label ("Notes: ..."): said once.
            labelled = problem.message.partition(": ")[1]
            lines.append(f"resettle: {problem.message if labelled else problem}")
            continue
        said = problem.message.partition(": ")[2] or problem.message
        lines.append(f"resettle: {option}: {said}")
    return lines
