"""``resettle import people FILE.csv``: a caseload import (``services/caseload_import.py``).

Prints each refused row (``line N, COLUMN: reason``) and each person left as it is, then a
summary; the refused and left rows also go to an error report (CSV, 0600). Where, under the
CLI's output rule (``output_files.py``: a file that is there is refused unless ``--force``):

- ``--errors ERRORS.csv``: that file; one that is there is refused before anything is read
  unless ``--force``.
- By default, ``FILE-errors.csv`` beside the file: the report of the latest run of that file,
  dry or real. An earlier run's report there (a file that starts with the report's header) is
  replaced, so repeated dry runs leave one report, never ``-errors-2.csv``, ``-3``, ...;
  anything else under that name is the user's and is refused before anything is read
  unless ``--force``. A run with no row to report writes none and says when the report
  there is an earlier run's.

Exit codes (:func:`exit_code`; docs/importing.md): 0 rows saved and none refused; 3 rows
saved and others refused; 2 nothing saved and the file or a row refused (every other row
unchanged or left, or a refused row under all-or-nothing); 1 nothing to import, no row
refused (every row as last imported, or left as it is). A dry run exits as the import of the
same file would. A run that saves (or would save) nothing never exits 0.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from resettle.cli.commands import add_acting_user, add_command
from resettle.cli.context import CliContext
from resettle.cli.output_files import (
    OutputExists,
    add_force_option,
    is_there,
    output_errors,
    output_exists,
    refuse_existing,
)
from resettle.domain.import_file import (
    ENCODINGS,
    ImportFile,
    ImportFileRefused,
    MappingColumnUnknown,
    mapping_from_json,
    read_import_file,
)
from resettle.domain.limits import IMPORT_FILE_MAX_BYTES
from resettle.domain.search import fold
from resettle.private_files import is_same_file
from resettle.reports.import_errors import error_report_csv, is_error_report, write_private
from resettle.services.caseload_import import (
    DefaultOfficer,
    ImportOutcome,
    ImportTeam,
    NothingImported,
    import_people,
    importable_teams,
    rows_refused,
)

MAPPING_MAX_BYTES = 1024 * 1024
#: ``--allocate-to none``: a manager's import leaves the people unallocated.
UNALLOCATED = "none"
#: Why ``FILE-errors.csv`` beside the file is not replaced without ``--force``.
NOT_A_REPORT = " and is not an error report of an earlier import"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = add_command(
        subparsers,
        "import",
        description="Import people from a file, into the caseload of your own team (officers) "
        "or of a team you manage (managers).",
    )
    actions = command.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    people = actions.add_parser(
        "people",
        help="a caseload from a CSV file",
        description="Import people from a CSV file (UTF-8 or Windows-1252). Known headers "
        "are recognised (Prison number or NOMS number, CRN, Surname or Last name, Given "
        "name or First name, Date of birth or DOB, Sex, Establishment, Release date, ...); "
        "--mapping maps others. Every row is checked as the New person form checks a "
        "person. Re-importing a file changes only rows that changed; people edited in "
        "Resettle since the last import are listed, never overwritten. Exit codes: 0 all "
        "imported, 3 some rows refused, 2 nothing saved (refused), 1 nothing to import.",
    )
    people.add_argument("file", type=Path, metavar="FILE.csv")
    people.add_argument("--team", metavar="CODE", help="the team whose caseload they join")
    people.add_argument(
        "--allocate-to",
        metavar="USERNAME",
        help="the officer of the team who holds the people a row's Responsible officer "
        "column does not name (default: you, when you are an officer of the team); a "
        f"manager may give {UNALLOCATED!r} to leave them for allocating later",
    )
    people.add_argument("--dry-run", action="store_true", help="check everything, save nothing")
    people.add_argument(
        "--all-or-nothing", action="store_true", help="save nothing if any row is refused"
    )
    people.add_argument(
        "--mapping",
        type=Path,
        metavar="MAP.json",
        help='file headers to fields, e.g. {"NOMS No": "prison_number", "Notes": null}',
    )
    people.add_argument(
        "--encoding", choices=list(ENCODINGS), help="the file's encoding (default: detected)"
    )
    people.add_argument(
        "--errors",
        type=Path,
        metavar="ERRORS.csv",
        help="where to write the error report, refused when it is there unless --force "
        "(default: FILE-errors.csv beside the file, the latest run's report: each run, dry "
        "or not, replaces an earlier run's report there, but never another file)",
    )
    add_force_option(people, "ERRORS.csv, or a file under FILE-errors.csv that is no report,")
    add_acting_user(people)
    people.set_defaults(handler=_import_people)


def _import_people(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.errors is not None and is_same_file(args.errors, args.file):
        # Never over the file being imported, --force or not.
        raise OutputExists(
            f"--errors: {args.errors} is the file being imported: choose another name "
            "for the error report."
        )
    refuse_existing(args.errors, args.force, "--errors")
    _refuse_default_report(args)
    source = _read(args, ctx)
    if source is None:
        return 2
    workspace = ctx.open_app()
    team = _team(workspace.run(importable_teams), args.team, ctx)
    if team is None:
        return 2
    officer = _officer(team, args.allocate_to, workspace.actor.id, ctx)
    if officer is False:
        return 2
    print(
        f"Read {args.file.name} as {source.encoding}: "
        f"{len(source.rows) + len(source.problems)} rows.",
        file=ctx.err,
    )
    if source.unknown_columns:
        print(
            "Columns ignored (not Resettle's): " + ", ".join(source.unknown_columns), file=ctx.err
        )
    try:
        outcome = workspace.run(
            import_people,
            source,
            team.id,
            dry_run=args.dry_run,
            all_or_nothing=args.all_or_nothing,
            allocate_to=officer,
        )
    except NothingImported as nothing:
        _report(nothing.outcome, args, ctx)
        print(_counts(nothing.outcome), file=ctx.out)
        print(f"resettle: {nothing}", file=ctx.err)
        return exit_code(nothing.outcome, args.all_or_nothing)
    _report(outcome, args, ctx)
    print(_counts(outcome), file=ctx.out)
    return exit_code(outcome, args.all_or_nothing)


def exit_code(outcome: ImportOutcome, all_or_nothing: bool) -> int:
    """What the import saved (a dry run: would save) and whether any row was refused: 0 saved,
    none refused; 3 saved, some refused; 2 nothing saved, some refused; 1 nothing to import."""
    saves = bool(outcome.created or outcome.updated)
    if outcome.problems:
        return 3 if saves and not all_or_nothing else 2
    return 0 if saves else 1


def _counts(outcome: ImportOutcome) -> str:
    """The counts line the import dialog shows too (dry run, imported, or nothing saved)."""
    refused = rows_refused(outcome.refused_lines)
    if outcome.dry_run:
        return (
            f"Dry run: {outcome.created} would be made, {outcome.updated} updated, "
            f"{outcome.unchanged} unchanged, {refused}. Nothing was saved."
        )
    if outcome.committed:
        return (
            f"Imported: {outcome.created} made, {outcome.updated} updated, "
            f"{outcome.unchanged} unchanged, {refused}."
        )
    return (
        f"Nothing was saved ({outcome.created} to make, {outcome.updated} to update, "
        f"{outcome.unchanged} unchanged, {refused})."
    )


def _read(args: argparse.Namespace, ctx: CliContext) -> ImportFile | None:
    try:
        mapping = _mapping(args.mapping) if args.mapping else None
        with args.file.open("rb") as file:
            data = file.read(IMPORT_FILE_MAX_BYTES + 1)
        return read_import_file(args.file.name, data, mapping, args.encoding)
    except OSError as error:
        print(f"resettle: cannot read {error.filename}: {error.strerror or error}", file=ctx.err)
    except MappingColumnUnknown as unknown:
        print(f"resettle: --mapping: {unknown.detail}", file=ctx.err)
    except ImportFileRefused as refused:
        print(f"resettle: {args.file.name}: {refused}", file=ctx.err)
    return None


def _mapping(path: Path) -> dict[str, str]:
    with path.open("rb") as file:
        data = file.read(MAPPING_MAX_BYTES + 1)
    if len(data) > MAPPING_MAX_BYTES:
        raise ImportFileRefused(f"Mapping: {path.name} is larger than 1 MB.")
    try:
        loaded = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ImportFileRefused(f"Mapping: {path.name} is not UTF-8 text.") from None
    except json.JSONDecodeError as error:
        raise ImportFileRefused(
            f"Mapping: {path.name} is not valid JSON: line {error.lineno}, column "
            f"{error.colno}: {error.msg}."
        ) from None
    except RecursionError:
        raise ImportFileRefused(f"Mapping: {path.name} is nested too deeply.") from None
    return mapping_from_json(loaded)


def _team(teams: list[ImportTeam], wanted: str | None, ctx: CliContext) -> ImportTeam | None:
    if wanted is None:
        if len(teams) == 1:
            return teams[0]
        print(
            "resettle: --team: choose the team whose caseload they join: "
            + (", ".join(team.code for team in teams) or "you belong to or manage none"),
            file=ctx.err,
        )
        return None
    for team in teams:
        if fold(wanted) in (fold(team.code), fold(team.name)):
            return team
    print(
        "resettle: --team: not a team you belong to or manage; you may import into no other",
        file=ctx.err,
    )
    return None


def _officer(
    team: ImportTeam, wanted: str | None, me: int, ctx: CliContext
) -> int | DefaultOfficer | bool | None:
    """The officer ``--allocate-to`` names (an id), None for ``none``, the service's default
    (the importing officer), or False (refused, said on ``ctx.err``)."""
    usernames = ", ".join(o.username for o in team.officers) or "the team has none"
    if wanted is None:
        if any(o.id == me for o in team.officers):
            return DefaultOfficer.IMPORTER
        print(
            "resettle: --allocate-to: choose the officer who holds the people "
            f"({usernames}), or {UNALLOCATED} to leave them unallocated",
            file=ctx.err,
        )
        return False
    if wanted.strip().casefold() == UNALLOCATED:
        return None
    for officer in team.officers:
        if wanted.strip().casefold() in (officer.username.casefold(), officer.email.casefold()):
            return officer.id
    print(
        f"resettle: --allocate-to: not an active officer of {team.code}; choose one of {usernames}",
        file=ctx.err,
    )
    return False


def _default_report(file: Path) -> Path:
    """``FILE-errors.csv`` beside ``file``."""
    return file.with_name(f"{file.stem}-errors.csv")


def _refuse_default_report(args: argparse.Namespace) -> None:
    """Without ``--errors``: refuse, before anything is read, a file under the default
    report's name that is not an earlier run's report (unless ``--force``)."""
    if args.errors is None:
        path = _default_report(args.file)
        if not is_error_report(path):
            refuse_existing(path, args.force, "--errors", NOT_A_REPORT)


def _report(outcome: ImportOutcome, args: argparse.Namespace, ctx: CliContext) -> None:
    for problem in outcome.problems:
        print(f"resettle: {problem}", file=ctx.err)
    for left in (*outcome.changed_since, *outcome.already_recorded):
        print(
            f"{left.reason}: line {left.line}, {left.prison_number} (left as it is)",
            file=ctx.err,
        )
    for officer in outcome.not_reallocated:
        print(f"{officer} ({officer.prison_number} not re-allocated)", file=ctx.err)
    listed = outcome.listed
    if args.errors is not None:
        if listed:
            with output_errors(args.errors, "--errors"):
                write_private(args.errors, error_report_csv(listed), replace=args.force)
            print(f"Wrote the error report to {args.errors}", file=ctx.err)
        return
    path = _default_report(args.file)
    earlier = is_error_report(path)
    if not listed:
        if earlier:
            print(f"No row to report: {path} is an earlier run's report.", file=ctx.err)
        return
    if not (earlier or args.force) and is_there(path):  # appeared since the start
        raise output_exists(path, "--errors", NOT_A_REPORT)
    with output_errors(path, "--errors"):
        write_private(path, error_report_csv(listed), replace=earlier or args.force)
    print(f"Wrote the error report to {path}", file=ctx.err)
