"""What an account's user name and display name may be."""

from __future__ import annotations

import re

from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.text_fields import checked_text

#: Lower-case letters, digits, dots, hyphens and underscores, starting with a letter, at most
#: 40 (a PostgreSQL login role is named after it, within 63 characters with a prefix): what
#: people type at a sign-in prompt without surprises (no spaces, no case to get wrong).
USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{2,39}$")
MAX_DISPLAY_NAME = 200
#: Names a login would share with the database's own roles on PostgreSQL (``<prefix>_gate``,
#: the group roles ``<prefix>_staff`` and one per role; ``storage/postgres_access.py``): an
#: account so named would take that role over.
RESERVED_USERNAMES = frozenset(
    {
        "gate",
        "staff",
        "officer",
        "prison_staff",
        "programme_team",
        "manager",
        "admin",
        "owner",
        "postgres",
    }
)


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
    elif username in RESERVED_USERNAMES:
        problems.append(
            FieldProblem(
                "username",
                "account.username_reserved",
                f"User name: {username} is kept for the database's own use; choose another "
                "(for example jo.bloggs)",
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


#: A team's or establishment's code ("LEI", "PDU-NE"): what lists and the CLI show beside
#: the name, stable once made (the name can change).
CODE_PATTERN = re.compile(r"^[A-Z0-9-]{2,16}$")
MAX_PLACE_NAME = 200
MAX_EMAIL = 200
MAX_PHONE = 40
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9 +()-]{3,40}$")


def checked_code(code: str, field: str = "code") -> str:
    """A team or establishment code, upper-cased: 2 to 16 letters, digits or hyphens."""
    code = code.strip().upper()
    if not CODE_PATTERN.fullmatch(code):
        raise ValidationFailed.single(
            field,
            "code_invalid",
            "Code: 2 to 16 capital letters, digits or hyphens (for example LEI or PDU-NE)",
        )
    return code


def checked_place_name(name: str, field: str = "name") -> str:
    name = checked_text(" ".join(name.split()), field, "Name")
    if not name:
        raise ValidationFailed.single(field, "name_required", "Name: required")
    if len(name) > MAX_PLACE_NAME:
        raise ValidationFailed.single(
            field, "name_too_long", f"Name: at most {MAX_PLACE_NAME} characters"
        )
    return name


def checked_contact(email: str, phone: str) -> tuple[str, str]:
    """The email and phone (either may be empty), trimmed, or the problems."""
    email, phone = email.strip(), " ".join(phone.split())
    problems: list[FieldProblem] = []
    if email and (len(email) > MAX_EMAIL or not _EMAIL.fullmatch(email)):
        problems.append(
            FieldProblem("email", "account.email_invalid", "Email: not an email address")
        )
    if phone and not _PHONE.fullmatch(phone):
        problems.append(
            FieldProblem(
                "phone",
                "account.phone_invalid",
                f"Phone: digits, spaces, +, - and brackets only, at most {MAX_PHONE}",
            )
        )
    if problems:
        raise ValidationFailed(problems)
    return email, phone
