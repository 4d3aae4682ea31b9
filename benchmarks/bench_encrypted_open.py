"""How long an encrypted database of 100,000 people takes to open.

    python benchmarks/bench_encrypted_open.py [--size 100000] [--repeats 5] [--json PATH]

Builds (once, cached under benchmarks/out/data) a demo database of 20,000 people grown to
``--size`` (``grow_database.py``, as ``run.py --grow-from`` does), copies it and encrypts the
copy in place through the application (``services/encryption.encrypt_in_place``, signed in
as demo.admin); demo.officer is then given its key slot under the demo password (set-up only:
an administrator's reset would force a password change). Then, with the real argon2id
parameters, medians of:

- ``encrypted_raw_open``: from the sealed file to the first row read: the key slot
  unwrapped (argon2id), SQLCipher keyed, the schema checked, one row of ``people`` read;
- ``encrypted_sign_in_to_first_page``: what a user waits for: the sealed file opened at
  sign-in, the account signed in (its password hash checked too), and the first caseload
  page (200 rows) read through the service;
- ``plain_sign_in_to_first_page``: the same on the plain copy, for comparison;
- ``encrypted_startup_to_first_rows`` and ``plain_startup_to_first_rows``: the whole app as a
  new process (Python, Qt, sign-in with ``--user`` and ``RESETTLE_PASSWORD``, the first
  caseload rows shown), as ``run.py`` measures start-up.

Prints a table and writes JSON ({"metric": {"median_ms": ..., "target_ms": ...}}).
``run()`` returns the same figures for benchmarks/run.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_caseload import measure  # noqa: E402
from sqlalchemy import text  # noqa: E402

from resettle.domain.caseload import CaseloadQuery  # noqa: E402
from resettle.services.caseload import list_caseload  # noqa: E402
from resettle.services.encrypted_sign_in import open_with_password  # noqa: E402
from resettle.services.encryption import encrypt_in_place  # noqa: E402
from resettle.services.workspace import (  # noqa: E402
    open_settings_database,
    open_workspace,
)
from resettle.settings import DATABASE_FILE, Settings, resolve_settings  # noqa: E402
from resettle.storage.engine import sqlite_url  # noqa: E402
from resettle.storage.key_slots import (  # noqa: E402
    key_file_path,
    read_key_file,
    unwrap_key,
    wrap_key,
    write_key_file,
)

Metrics = dict[str, dict[str, float]]
TARGET_MS = 1500.0
DEMO_PASSWORD = "demo-password"  # resettle.services.demo.loader.DEMO_PASSWORD
BENCH_USER = "demo.officer"
GROW_FROM = 20_000
WORK_DIR = ROOT / "benchmarks" / "out" / "data"


def settings_in(folder: Path, username: str | None = None) -> Settings:
    return replace(resolve_settings(folder, sqlite_url(folder / DATABASE_FILE)), username=username)


def plain_database(size: int, work_dir: Path) -> Path:
    """The demo grown to ``size`` people (built once, as run.py --grow-from builds it)."""
    import grow_database
    import run as benchmark_run

    if size <= GROW_FROM:
        return benchmark_run.build_database(work_dir / f"n{size}", size, 1)
    source = benchmark_run.build_database(work_dir / f"n{GROW_FROM}", GROW_FROM, 1)
    folder = work_dir / f"n{size}-grown-from-{GROW_FROM}"
    marker = folder / f"grown-{size}"
    if not marker.exists():
        grow_database.grow(source, folder, size)
        marker.touch()
    return folder


def encrypted_copy(plain: Path, work_dir: Path) -> Path:
    folder = work_dir / f"{plain.name}-encrypted"
    marker = folder / "encrypted"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copyfile(plain / DATABASE_FILE, folder / DATABASE_FILE)
    print(f"Encrypting a copy in {folder} ...", file=sys.stderr)
    admin = open_workspace(settings_in(folder, "demo.admin"), DEMO_PASSWORD)
    done = encrypt_in_place(admin, DEMO_PASSWORD)
    done.plain_backup.unlink()  # the copy's plain backup: the plain folder has the original
    keys_path = key_file_path(folder / DATABASE_FILE)
    keys = read_key_file(keys_path)
    assert keys is not None
    data_key = unwrap_key(keys.slots["demo.admin"], "demo.admin", DEMO_PASSWORD)
    assert data_key is not None
    officer = open_workspace(settings_in(plain, BENCH_USER), DEMO_PASSWORD)
    officer_id = officer.actor.id
    officer.close()
    slot = wrap_key(data_key, officer_id, BENCH_USER, DEMO_PASSWORD)
    write_key_file(keys_path, keys.with_slot(BENCH_USER, slot))
    marker.touch()
    return folder


def median_ms(action: Callable[[], object], repeats: int) -> dict[str, float]:
    action()  # warm the disk cache and imports once
    return measure(action, repeats, TARGET_MS)


def raw_open(folder: Path) -> None:
    sealed = open_settings_database(settings_in(folder))
    opened = open_with_password(sealed, BENCH_USER, DEMO_PASSWORD)
    try:
        with opened.engine.connect() as connection:
            connection.execute(text("SELECT id FROM people LIMIT 1")).one()
    finally:
        opened.close()
        sealed.close()


def sign_in_to_first_page(folder: Path) -> None:
    workspace = open_workspace(settings_in(folder, BENCH_USER), DEMO_PASSWORD)
    try:
        page = workspace.run(list_caseload, CaseloadQuery(today=dt.date.today()))
        assert page.rows
    finally:
        workspace.close()


def startup(folder: Path, repeats: int) -> dict[str, float]:
    import run as benchmark_run

    return benchmark_run.measure_startup(folder, repeats)["startup_to_first_rows"]


def run(repeats: int = 5, size: int = 100_000, work_dir: Path = WORK_DIR) -> Metrics:
    plain = plain_database(size, work_dir)
    encrypted = encrypted_copy(plain, work_dir)
    return {
        "encrypted_raw_open": median_ms(lambda: raw_open(encrypted), repeats),
        "encrypted_sign_in_to_first_page": median_ms(
            lambda: sign_in_to_first_page(encrypted), repeats
        ),
        "plain_sign_in_to_first_page": median_ms(lambda: sign_in_to_first_page(plain), repeats),
        "encrypted_startup_to_first_rows": startup(encrypted, repeats),
        "plain_startup_to_first_rows": startup(plain, repeats),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--work-dir", type=Path, default=WORK_DIR)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    results = run(args.repeats, args.size, args.work_dir)
    print(f"{'metric':34} {'median':>10} {'CPU':>10} {'worst':>10} {'target':>8}  ok")
    for name, values in results.items():
        flag = "yes" if values["median_ms"] <= values["target_ms"] else "NO"
        cpu, worst = (
            f"{values[key]:>8.1f}ms" if key in values else " " * 10
            for key in ("median_cpu_ms", "worst_ms")
        )
        print(
            f"{name:34} {values['median_ms']:>8.1f}ms {cpu} {worst} "
            f"{values['target_ms']:>6.0f}ms  {flag}"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({**results, "_size": args.size}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
