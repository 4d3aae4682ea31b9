"""What makes a password acceptable: long enough, not too long, not the user's name, not common.

A password is taken exactly as typed: nothing is stripped or changed before it is checked or
hashed. The rules, each with a stable code (see :class:`PasswordProblem`):

- at least :data:`MIN_LENGTH` characters, at most :data:`MAX_LENGTH` (a stray 10 MB paste is
  refused rather than hashed), and not only spaces;
- not the user name (ignoring case), and not containing the user name when it has 4 or more
  characters, nor any part of it (split on ``.``, ``_`` and ``-``) of 4 or more characters;
  likewise no word of the display name of 4 or more characters;
- not in the shipped list of 20,000 common passwords (:mod:`resettle.domain.common_passwords`),
  compared ignoring case and surrounding spaces; and not such a password with digits or
  symbols added to its end (``Password2024!`` is ``password`` with ``2024!`` added).

Messages are a caseworker's words and never quote the password or the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from resettle.domain.common_passwords import common_passwords
from resettle.domain.errors import FieldProblem, ValidationFailed

MIN_LENGTH = 12
MAX_LENGTH = 256
#: Names and name parts shorter than this are too likely to turn up by chance to be refused.
MIN_NAME_PART = 4
FIELD = "password"

_USER_NAME_SEPARATORS = re.compile(r"[._\-]+")
_DISPLAY_NAME_SEPARATORS = re.compile(r"[\s._\-'’]+")
#: What people add to the end of a common word to pass a rule: digits, symbols, spaces.
_TRAILING_ADDITIONS = re.compile(r"[\d\W_]+$")


def _problem(code: str, message: str) -> FieldProblem:
    return FieldProblem(FIELD, f"password.{code}", message)


TOO_SHORT = _problem("too_short", f"The password must have at least {MIN_LENGTH} characters.")
TOO_LONG = _problem(
    "too_long", f"The password is too long: it can have at most {MAX_LENGTH} characters."
)
ONLY_SPACES = _problem("only_spaces", "The password cannot be only spaces.")
IS_USER_NAME = _problem(
    "contains_user_name",
    "The password must not contain the user name, nor any part of it of "
    f"{MIN_NAME_PART} or more characters (the parts are split at dots, underscores and "
    "hyphens: jo.smith-ward has smith and ward).",
)
CONTAINS_NAME = _problem(
    "contains_name",
    f"The password must not contain any word of {MIN_NAME_PART} or more characters of the "
    "account's name.",
)
TOO_COMMON = _problem(
    "too_common",
    "This password is too common (or a common password with numbers or symbols added), "
    "so it is among the first that someone guessing would try. Choose another.",
)


class PasswordRejected(ValidationFailed):
    """The password breaks the policy; ``messages`` says why, in a caseworker's words."""

    code = "password.rejected"

    @property
    def messages(self) -> list[str]:
        return [problem.message for problem in self.problems]


def _parts(name: str, separators: re.Pattern[str]) -> set[str]:
    return {part for part in separators.split(name.casefold()) if len(part) >= MIN_NAME_PART}


def _contains_user_name(password: str, user_name: str) -> bool:
    folded, name = password.casefold(), user_name.casefold().strip()
    if not name:
        return False
    if folded == name or (len(name) >= MIN_NAME_PART and name in folded):
        return True
    return any(part in folded for part in _parts(name, _USER_NAME_SEPARATORS))


def _contains_display_name(password: str, display_name: str) -> bool:
    folded = password.casefold()
    return any(part in folded for part in _parts(display_name, _DISPLAY_NAME_SEPARATORS))


def _is_common(password: str) -> bool:
    listed = common_passwords()
    lowered = password.strip().lower()
    stem = _TRAILING_ADDITIONS.sub("", lowered)
    return lowered in listed or (bool(stem) and stem in listed)


def password_field_problems(
    password: str, username: str, display_name: str = ""
) -> Iterator[FieldProblem]:
    """Each rule the password breaks, as a field problem with a stable code."""
    if len(password) > MAX_LENGTH:
        yield TOO_LONG  # nothing else is worth checking in a runaway paste
        return
    if not password.strip():
        yield ONLY_SPACES
        return
    if len(password) < MIN_LENGTH:
        yield TOO_SHORT
    if _contains_user_name(password, username):
        yield IS_USER_NAME
    elif _contains_display_name(password, display_name):
        yield CONTAINS_NAME
    if _is_common(password):
        yield TOO_COMMON


def password_problems(password: str, username: str, display_name: str = "") -> list[str]:
    """Why the password is not acceptable, one message per rule broken; empty when it is."""
    return [p.message for p in password_field_problems(password, username, display_name)]


def require_acceptable_password(password: str, username: str, display_name: str = "") -> None:
    """Raise :class:`PasswordRejected` naming every rule the password breaks."""
    problems = list(password_field_problems(password, username, display_name))
    if problems:
        raise PasswordRejected(problems)
