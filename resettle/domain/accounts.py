"""What an account's user name and display name may be."""

from __future__ import annotations

import re

from resettle.domain.errors import FieldProblem, ValidationFailed

#: Lower-case letters, digits, dots, hyphens and underscores, starting with a letter, at most
#: 40 (a PostgreSQL login role is named after it, within 63 characters with a prefix): what
#: people type at a sign-in prompt without surprises (no spaces, no case to get wrong).
USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{2,39}$")
MAX_DISPLAY_NAME = 200


def checked_account_names(username: str, display_name: str) -> tuple[str, str]:
    """The user name (lower-cased, trimmed) and display name (trimmed), or the problems."""
    username = username.strip().lower()
    display_name = " ".join(display_name.split())
    problems: list[FieldProblem] = []
    if not USERNAME_PATTERN.fullmatch(username):
        problems.append(
            FieldProblem(
                "username",
                "account.username_invalid",
                "User name: 3 to 40 characters, starting with a letter; lower-case letters, "
                "digits, dots, hyphens and underscores only (for example jo.bloggs)",
            )
        )
    if not display_name:
        problems.append(
            FieldProblem("display_name", "account.display_name_required", "Full name: required")
        )
    elif len(display_name) > MAX_DISPLAY_NAME:
        problems.append(
            FieldProblem(
                "display_name",
                "account.display_name_too_long",
                f"Full name: at most {MAX_DISPLAY_NAME} characters",
            )
        )
    if problems:
        raise ValidationFailed(problems)
    return username, display_name
