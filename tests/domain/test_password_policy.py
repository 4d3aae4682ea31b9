"""The password policy: long enough, not too long, not the user's name, not a common password."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from resettle import asset_paths
from resettle.domain import common_passwords as common
from resettle.domain.common_passwords import CommonPasswordsUnavailable, read_common_passwords
from resettle.domain.errors import ValidationFailed
from resettle.domain.password_policy import (
    CONTAINS_NAME,
    IS_USER_NAME,
    MAX_LENGTH,
    ONLY_SPACES,
    TOO_COMMON,
    TOO_LONG,
    TOO_SHORT,
    PasswordRejected,
    password_problems,
    require_acceptable_password,
)

GOOD = "violet kettle harbour"
USER = "jane.okafor"


def test_a_long_uncommon_password_is_acceptable() -> None:
    assert password_problems(GOOD, USER, "Jane Okafor") == []
    require_acceptable_password(GOOD, USER, "Jane Okafor")


@pytest.mark.parametrize(
    ("password", "ok"),
    [("x7#qLm2vR9pk", True), ("x7#qLm2vR9p", False), ("x" * MAX_LENGTH, True)],
    ids=["12 characters", "11 characters", "the maximum"],
)
def test_at_least_twelve_characters(password: str, ok: bool) -> None:
    assert (TOO_SHORT.message not in password_problems(password, USER)) is ok


def test_a_runaway_paste_is_refused_with_only_that_message() -> None:
    assert password_problems("a" * (MAX_LENGTH + 1), USER) == [TOO_LONG.message]
    assert password_problems("x7#qLm2vR9pk" * 1_000_000, USER) == [TOO_LONG.message]


def test_spaces_alone_are_not_a_password() -> None:
    assert password_problems(" " * 20, USER) == [ONLY_SPACES.message]


@pytest.mark.parametrize(
    ("password", "user_name"),
    [
        ("JANE.OKAFOR", "jane.okafor"),  # the user name itself, ignoring case (short: 11)
        ("jo", "jo"),  # a short user name is still refused as the whole password
        ("my name is Jane.Okafor!", "jane.okafor"),
        ("okafor-rules-the-roost", "jane.okafor"),  # a part of 4+ characters
        ("xx-jane-loves-tea-xx", "jane.okafor"),
        ("oneaddamsfamily", "m_addams-one"),  # underscores and hyphens split it too
    ],
)
def test_the_user_name_or_its_parts(password: str, user_name: str) -> None:
    assert IS_USER_NAME.message in password_problems(password, user_name)


def test_short_user_names_and_parts_are_not_searched_for() -> None:
    assert password_problems("a tiny jo in the middle", "jo") == []
    assert password_problems("the ox and the cart", "al.ox") == []


def test_the_display_name_is_refused_too() -> None:
    problems = password_problems("i love okafor beans", "j.o", "Jane O'Okafor")
    assert problems == [CONTAINS_NAME.message]
    assert password_problems("i love okafor beans", "j.o", "Al Ok") == []


@pytest.mark.parametrize(
    "password",
    [
        "password1234",  # listed itself
        "PASSWORD1234",  # ignoring case
        "Sunshine2024!",  # a listed word with digits and symbols added to its end
        "iloveyou12345",
        "qwertyuiop!!!!",
    ],
)
def test_common_passwords_are_refused(password: str) -> None:
    assert TOO_COMMON.message in password_problems(password, USER)


def test_a_common_word_inside_a_longer_phrase_is_not_refused() -> None:
    assert password_problems("sunshine over the harbour", USER) == []


def test_every_rule_broken_is_reported_at_once() -> None:
    assert password_problems("Okafor1", USER) == [
        TOO_SHORT.message,
        IS_USER_NAME.message,
    ]


def test_messages_never_quote_the_password_or_the_name() -> None:
    with pytest.raises(PasswordRejected) as raised:
        require_acceptable_password("janeokafor1", USER, "Jane Okafor")
    error = raised.value
    assert isinstance(error, ValidationFailed)  # a DomainError, shown as field problems
    assert error.code == "password.rejected"
    assert [p.field for p in error.problems] == ["password", "password"]
    assert [p.code for p in error.problems] == ["password.too_short", "password.contains_user_name"]
    assert error.messages == [p.message for p in error.problems]
    assert "okafor" not in str(error).lower()
    assert "jane" not in str(error).lower()


# The shipped list of common passwords


def test_the_shipped_list_is_djangos_with_its_notice() -> None:
    listed = common.common_passwords()
    assert len(listed) == 19_729  # 20,000 lines; some differ only by surrounding spaces
    assert {"password", "123456", "qwerty"} <= listed
    assert common.common_passwords() is listed  # read once
    notice = asset_paths.asset_path("common-passwords.NOTICE").read_text()
    assert "Django Software Foundation" in notice
    assert "Royce Williams" in notice


@pytest.fixture
def fresh_list(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    common.common_passwords.cache_clear()
    asset_paths.assets_dir.cache_clear()
    yield
    monkeypatch.undo()
    common.common_passwords.cache_clear()
    asset_paths.assets_dir.cache_clear()


@pytest.mark.usefixtures("fresh_list")
def test_a_missing_list_refuses_every_check_instead_of_passing_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "fonts").mkdir()
    monkeypatch.setattr(asset_paths, "CANDIDATES", (tmp_path,))
    with pytest.raises(
        CommonPasswordsUnavailable, match=re.escape("common-passwords.txt.gz is missing")
    ):
        password_problems(GOOD, USER)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"password\n123456\n", "cannot be read: BadGzipFile"),  # not gzip
        (gzip.compress(b"password\n" * 30_000)[:-20], "cannot be read: EOFError"),  # truncated
        (gzip.compress("caf\xe9\n".encode("latin-1")), "UnicodeDecodeError"),
        (gzip.compress(b""), "only 0 entries"),
        (gzip.compress(b"password\n123456\n"), "only 2 entries"),
    ],
    ids=["not gzip", "truncated", "not UTF-8", "empty", "too short"],
)
def test_a_damaged_list_is_an_error_not_an_empty_list(
    tmp_path: Path, content: bytes, why: str
) -> None:
    with pytest.raises(CommonPasswordsUnavailable, match=why):
        read_common_passwords(_write(tmp_path / "list.txt.gz", content))


def test_a_list_is_read_lower_cased_without_blank_lines(tmp_path: Path) -> None:
    words = [f"Word{n}" for n in range(common.MIN_ENTRIES)]
    data = gzip.compress(("\n".join(words) + "\n\n").encode())
    assert read_common_passwords(_write(tmp_path / "list.txt.gz", data)) == {
        w.lower() for w in words
    }


def test_the_user_name_message_says_the_rule_a_part_refuses_too() -> None:
    """User trial: "Trial-password-123" for trial.user was refused as being "the user name or
    containing it", though it holds only a part of it: the message now says the rule as it is
    (any part of 4 or more characters between dots, underscores and hyphens), still quoting
    neither the password nor the name; the rule is unchanged."""
    assert password_problems("Trial-password-123", "trial.user") == [IS_USER_NAME.message]
    assert IS_USER_NAME.message == (
        "The password must not contain the user name, nor any part of it of 4 or more "
        "characters (the parts are split at dots, underscores and hyphens: jo.smith-ward has "
        "smith and ward)."
    )
    assert CONTAINS_NAME.message == (
        "The password must not contain any word of 4 or more characters of the account's name."
    )
    assert password_problems("Tri-password-123", "trial.user") == []  # "tri" is no part
