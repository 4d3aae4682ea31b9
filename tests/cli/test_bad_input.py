"""Issue 16: every command refuses bad input with one line naming the option or file, a
non-zero exit and no traceback, and writes nothing.

The kinds: invalid UTF-8 or NUL in an argument or a file, oversized input, deeply nested
JSON, malformed database addresses and unsupported kinds of database, ids out of range and
unknown codes. One demo database serves the module (nothing here may change it: each case
checks that no file appeared).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from resettle.cli import main, refused_argument
from resettle.services.demo.loader import DEMO_PASSWORD
from resettle.settings import DATABASE_FILE
from tests.cli.conftest import act_as
from tests.databases import copy_sqlite_template

PROFILE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "profile.json"
TOO_BIG = 2**70

#: What goes into each kind of bad file, and a word its refusal must say.
BAD_FILES: dict[str, tuple[Callable[[Path], None], str]] = {
    "not_utf8": (lambda p: p.write_bytes(b'{"name": "caf\xe9"}\n'), "UTF-8"),
    "nul": (lambda p: p.write_bytes(b'{"name": "a"}\n\x00'), "NUL"),
    "deep": (lambda p: p.write_bytes(b"[" * 200_000 + b"]" * 200_000), "nested more than"),
    # Sparse: 60 MB of zeros costs no disk, and is over every file limit.
    "too_large": (lambda p: p.open("wb").truncate(60 * 1024 * 1024), "larger than"),
}

#: Every command that reads a file: (user, argv with FILE for the file, what names the file).
FILE_COMMANDS: dict[str, tuple[str | None, list[str], str]] = {
    "evidence-validate": (None, ["evidence", "validate", "FILE"], "{name}"),
    "evidence-list-pack": (None, ["evidence", "list", "--pack", "FILE"], "{name}"),
    "recommend-profile": (None, ["recommend", "--profile", "FILE"], "{name}"),
    "recommend-pack": (None, ["recommend", "--profile", str(PROFILE), "--pack", "FILE"], "{name}"),
    "pni-input": (None, ["pni", "--input", "FILE"], "{name}"),
    "people-add": ("demo.officer", ["people", "add", "--json", "FILE"], "{name}"),
    "programmes-add": ("demo.admin", ["programmes", "add", "--file", "FILE"], "{name}"),
    "programmes-register": (
        "demo.programmes",
        ["programmes", "register", "--session", "1", "--from-file", "FILE"],
        "Marks file",
    ),
    "audit-verify": ("demo.admin", ["audit", "verify", "--against", "FILE"], "--against"),
}

LONG = "a" * 100_000

#: (user, argv, what the one line must say). ``{person}``: a prison number in the database.
OTHER_CASES: dict[str, tuple[str | None, list[str], str]] = {
    # Invalid UTF-8 (as the operating system passes it: surrogate escapes) and NUL.
    "search-not-utf8": (
        "demo.officer",
        ["people", "list", "--search", "\udcff"],
        "--search is not",
    ),
    "search-equals-nul": ("demo.officer", ["people", "list", "--search=a\x00b"], "--search holds"),
    "user-not-utf8": (None, ["--user", "caf\udce9", "people", "list"], "--user is not valid"),
    "url-not-utf8": (
        "demo.officer",
        ["--database-url", "\udcff", "people", "list"],
        "--database-url is",
    ),
    "positional-not-utf8": (None, ["evidence", "validate", "x\udcff.json"], "argument 5 of"),
    "note-nul": (
        "demo.officer",
        ["programmes", "refer", "--person", "{person}", "--programme", "TSP", "--notes", "a\x00"],
        "--notes holds a NUL",
    ),
    # Oversized text.
    "search-100kb": (
        "demo.officer",
        ["people", "list", "--search", LONG],
        "resettle: --search: at most 200 characters",
    ),
    "sort-100kb": (
        "demo.officer",
        ["people", "list", "--sort", LONG],
        "argument --sort: invalid choice: 'aaaaaaaaaa",
    ),
    "batch-search-100kb": (
        "demo.officer",
        [
            "plan",
            "print-batch",
            "--out-dir",
            "OUT",
            "--justification",
            "court_report",
            "--search",
            LONG,
        ],
        "resettle: --search: at most 200 characters",  # the option and a sentence of ours
    ),
    # Database addresses.
    "url-not-a-url": (
        "demo.officer",
        ["--database-url", "not a url", "people", "list"],
        "is not a database",
    ),
    "url-bad-port": (
        "demo.officer",
        ["--database-url", "postgresql://h:port/db", "people", "list"],
        "is not a database address",
    ),
    "url-mysql": (
        "demo.officer",
        ["--database-url", "mysql://x/y", "people", "list"],
        "Resettle works with SQLite and PostgreSQL; mysql is not supported",
    ),
    "url-oracle": (
        "demo.officer",
        ["--database-url", "oracle://u:secret@h/x", "people", "list"],
        "oracle is not supported",
    ),
    "url-other-driver": (
        "demo.officer",
        ["--database-url", "postgresql+psycopg2://h/db", "people", "list"],
        "postgresql+psycopg2 is not supported",
    ),
    # Ids and numbers out of range.
    "plan-version-2**70": (
        "demo.officer",
        [
            "plan",
            "print",
            "--person",
            "{person}",
            "--out",
            "OUT/p.pdf",
            "--justification",
            "court_report",
            "--plan-version",
            str(TOO_BIG),
        ],
        "--plan-version",
    ),
    "plan-version-0": (
        "demo.officer",
        [
            "plan",
            "print",
            "--person",
            "{person}",
            "--out",
            "OUT/p.pdf",
            "--justification",
            "court_report",
            "--plan-version",
            "0",
        ],
        "--plan-version",
    ),
    "session-2**70": (
        "demo.programmes",
        ["programmes", "register", "--session", str(TOO_BIG)],
        "--session",
    ),
    "referral-huge": (
        "demo.programmes",
        ["programmes", "move", "--referral", "9" * 5000, "--to", "withdrawn"],
        "--referral",
    ),
    "referral-not-a-number": (
        "demo.programmes",
        ["programmes", "complete", "--referral", "abc"],
        "--referral",
    ),
    "corrects-2**70": (
        "demo.officer",
        [
            "outcomes",
            "record",
            "--person",
            "{person}",
            "--point",
            "release",
            "--checked-on",
            "2026-01-01",
            "--corrects",
            str(TOO_BIG),
        ],
        "--corrects",
    ),
    "person-id-2**70": (
        "demo.admin",
        ["audit", "list", "--person-id", str(TOO_BIG)],
        "--person-id",
    ),
    "revision-2**70": (
        "demo.programmes",
        ["programmes", "move", "--referral", "1", "--to", "withdrawn", "--revision", str(TOO_BIG)],
        "--revision",
    ),
    "limit-2**70": ("demo.admin", ["audit", "list", "--limit", str(TOO_BIG)], "--limit"),
    # Unknown codes: the refusal lists the codes there are.
    "kpis-team": ("demo.manager", ["report", "kpis", "--team", "NOPE"], "the codes are"),
    "kpis-establishment": (
        "demo.manager",
        ["report", "kpis", "--establishment", "NOPE"],
        "the codes are",
    ),
    "kpis-region": ("demo.manager", ["report", "kpis", "--region", "NOPE"], "the codes are"),
    "kpis-pathway": ("demo.manager", ["report", "kpis", "--pathway", "NOPE"], "the pathways are"),
    "programmes-list-establishment": (
        "demo.programmes",
        ["programmes", "list", "--establishment", "NOPE"],
        "the codes are",
    ),
    "referrals-establishment": (
        "demo.programmes",
        ["programmes", "referrals", "--establishment", "NOPE"],
        "the codes are",
    ),
    "referrals-status": (
        "demo.programmes",
        ["programmes", "referrals", "--establishment", "{establishment}", "--status", "nope"],
        "choose one of",
    ),
    "offer-establishment": (
        "demo.admin",
        ["programmes", "offer", "--programme", "TSP", "--establishment", "NOPE"],
        "the codes are",
    ),
    "refer-programme": (
        "demo.officer",
        ["programmes", "refer", "--person", "{person}", "--programme", "NOPE"],
        "the codes are",
    ),
    "teams-rename": ("demo.admin", ["teams", "rename", "NOPE", "Name"], "the codes are PDU-"),
    "establishments-rename": (
        "demo.admin",
        ["establishments", "rename", "NOPE", "Name"],
        "the codes are",
    ),
    "teams-set-region-team": (
        "demo.admin",
        ["teams", "set-region", "NOPE", "--none"],
        "the codes are PDU-",
    ),
    "teams-set-region-region": (
        "demo.admin",
        ["teams", "set-region", "PDU-BRS", "NOPE"],
        "the codes are",
    ),
    "regions-rename": ("demo.admin", ["regions", "rename", "NOPE", "Name"], "the codes are"),
    "accounts-managed-regions": (
        "demo.admin",
        ["accounts", "set-teams", "demo.manager", "--managed-regions", "NOPE"],
        "the codes are",
    ),
    "catalogue-relabel": (
        "demo.admin",
        ["catalogue", "relabel", "NOPE", "Label"],
        "the codes are",
    ),
    "programmes-retire": ("demo.admin", ["programmes", "retire", "NOPE"], "the codes are"),
    "offer-programme": (
        "demo.manager",
        ["programmes", "offer", "--programme", "NOPE", "--establishment", "{establishment}"],
        "the codes are",
    ),
    "plan-justification": (
        "demo.officer",
        ["plan", "print", "--person", "{person}", "--out", "OUT/p.pdf", "--justification", "nope"],
        "--justification",
    ),
}


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> dict[str, str]:
    """A small demo database, with one person's prison number and one establishment code."""
    folder = tmp_path_factory.mktemp("bad-input")
    copy_sqlite_template(sqlite_template, folder / DATABASE_FILE)
    assert main(["--data-dir", str(folder), "demo", "--size", "8"]) == 0
    with pytest.MonkeyPatch.context() as patch:
        act_as(patch, "demo.officer", DEMO_PASSWORD)
        import contextlib
        import io

        listed = io.StringIO()
        with contextlib.redirect_stdout(listed):
            assert main(["--data-dir", str(folder), "people", "list", "--json"]) == 0
    person = json.loads(listed.getvalue())[0]["prison_number"]
    return {"dir": str(folder), "person": person, "establishment": "BLI"}


def _demo(request: pytest.FixtureRequest, user: str | None) -> dict[str, str] | None:
    """The demo database when the command signs in; none (an empty data folder) when not."""
    return request.getfixturevalue("demo_dir") if user is not None else None


def _files(folder: Path) -> set[Path]:
    """Every file but the log, the prepared recommender kept between runs and the
    database's own (whose audit rows a sign-in adds)."""
    return {
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not {"logs", "cache"} & set(p.parts)
        and not p.name.startswith(DATABASE_FILE)
    }


def _run_refused(
    argv: list[str],
    user: str | None,
    demo: dict[str, str] | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> str:
    """Run the command; check it was refused in one line, no traceback, nothing written;
    return that line."""
    monkeypatch.chdir(tmp_path)
    if user is not None:
        act_as(monkeypatch, user, DEMO_PASSWORD)
    out_dir = tmp_path / "OUT"
    out_dir.mkdir()
    words = [w.replace("OUT", str(out_dir)).format(**(demo or {})) for w in argv]
    data = Path(demo["dir"]) if demo is not None else tmp_path / "data"
    before = _files(data) | _files(tmp_path)
    capsys.readouterr()
    try:
        code = main(["--data-dir", str(data), *words])
    except SystemExit as stopped:  # the parser's refusal
        code = stopped.code if isinstance(stopped.code, int) else 2
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert code != 0, (out, err)
    assert "Traceback" not in out + err
    assert len(lines) == 1, err
    assert len(lines[0]) < 2000, "a refusal quotes back at most a short piece of the input"
    assert _files(data) | _files(tmp_path) == before
    assert not any(out_dir.iterdir())
    return lines[0]


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
@pytest.mark.parametrize("command", sorted(FILE_COMMANDS))
def test_a_bad_file_is_refused_in_one_line_naming_it(
    command: str,
    kind: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    user, argv, names = FILE_COMMANDS[command]
    write, says = BAD_FILES[kind]
    bad = tmp_path / f"bad-{kind}.json"
    write(bad)
    words = [str(bad) if w == "FILE" else w for w in argv]
    line = _run_refused(words, user, _demo(request, user), tmp_path, monkeypatch, capsys)
    assert names.format(name=bad.name) in line
    assert says in line


@pytest.mark.parametrize("case", sorted(OTHER_CASES))
def test_bad_arguments_are_refused_in_one_line_naming_the_option(
    case: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    user, argv, says = OTHER_CASES[case]
    line = _run_refused(argv, user, _demo(request, user), tmp_path, monkeypatch, capsys)
    assert says in line
    assert "secret" not in line  # a database address is never repeated


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["people", "list", "--search", "ok"], None),
        (["people", "list", "--search", "\udcff"], "--search is not valid UTF-8 text"),
        (["people", "list", "--search=\udcff"], "--search is not valid UTF-8 text"),
        (["--se\udcff", "x"], "an option name is not valid UTF-8 text"),
        (["evidence", "validate", "a\x00"], "argument 3 of the command line holds a NUL character"),
        (["--search", "--user", "\x00"], "--user holds a NUL character"),
    ],
)
def test_the_command_line_is_checked_once_naming_the_option(
    argv: list[str], said: str | None
) -> None:
    assert refused_argument(argv) == said


@pytest.mark.parametrize(
    ("url", "refusal", "said"),
    [
        ("not a url", "BadDatabaseAddress", "is not a database address"),
        ("postgresql://u:secret@h:x/db", "BadDatabaseAddress", "is not a database address"),
        ("mysql://u:secret@x/y", "UnsupportedDatabase", "mysql is not supported"),
    ],
)
def test_the_app_refuses_a_bad_database_address_with_the_same_message(
    url: str, refusal: str, said: str, tmp_path: Path
) -> None:
    """The app opens its database through the same reading of the address as the commands."""
    from resettle.services.workspace import open_settings_database
    from resettle.settings import resolve_settings
    from resettle.storage import errors

    with pytest.raises(getattr(errors, refusal)) as refused:
        open_settings_database(resolve_settings(tmp_path, url))
    assert said in str(refused.value) and "secret" not in str(refused.value)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("name", ["RESETTLE_USER", "RESETTLE_PASSWORD", "RESETTLE_DATABASE_URL"])
def test_a_setting_that_is_not_text_is_refused_naming_it(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(name, "caf\udce9")
    assert main(["--data-dir", str(tmp_path), "people", "list"]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"resettle: {name} is not valid UTF-8 text\n")
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_bad_people_file_on_standard_input_is_refused_in_one_line(
    kind: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import io
    import sys

    write, says = BAD_FILES[kind]
    bad = tmp_path / "people.json"
    write(bad)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(bad.read_bytes())))
    bad.unlink()
    line = _run_refused(
        ["people", "add", "--json", "-"],
        "demo.officer",
        _demo(request, "demo.officer"),
        tmp_path,
        monkeypatch,
        capsys,
    )
    assert line.startswith("resettle: standard input ") and says in line
