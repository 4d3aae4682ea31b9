"""The audit chain's canonical form and hash, and the verifier naming every bad row."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json

import pytest

from resettle.domain.audit_chain import (
    GENESIS_HASH,
    LISTED_FAULTS,
    ChainEntry,
    ChainFault,
    ChainVerifier,
    Checkpoint,
    StoredRow,
    canonical_content,
    canonical_time,
    chain_hash,
    normalised_details,
)

AT = dt.datetime(2026, 12, 2, 9, 30, 15, 123456, tzinfo=dt.UTC)


def _entry(seq: int, **changes: object) -> ChainEntry:
    entry = ChainEntry(seq, AT, 7, "person.updated", "person", 12, 12, {"fields": ["b", "a"]})
    return dataclasses.replace(entry, **changes)  # type: ignore[arg-type]


def _chain(count: int) -> list[tuple[ChainEntry, str]]:
    rows, previous = [], GENESIS_HASH
    for seq in range(1, count + 1):
        entry = _entry(seq, entity_id=seq)
        previous = chain_hash(previous, entry)
        rows.append((entry, previous))
    return rows


def test_the_canonical_content_is_one_line_per_field_with_sorted_compact_json() -> None:
    entry = _entry(3, actor_id=None, details={"z": 1, "a": [1, 2], "é": "x"})
    assert canonical_content(entry).split("\n") == [
        "3",
        "2026-12-02T09:30:15.123456Z",
        "",
        "person.updated",
        "person",
        "12",
        "12",
        '{"a":[1,2],"z":1,"é":"x"}',
    ]
    expected = hashlib.sha256(f"{'ab' * 32}\n{canonical_content(entry)}".encode()).hexdigest()
    assert chain_hash("ab" * 32, entry) == expected


def test_the_time_is_utc_to_the_microsecond_and_must_carry_its_zone() -> None:
    in_paris = AT.astimezone(dt.timezone(dt.timedelta(hours=1)))
    assert canonical_time(in_paris) == "2026-12-02T09:30:15.123456Z"
    assert canonical_time(AT.replace(microsecond=0)) == "2026-12-02T09:30:15.000000Z"
    with pytest.raises(ValueError):
        canonical_time(AT.replace(tzinfo=None))


def test_details_hash_the_same_before_and_after_a_trip_through_json() -> None:
    given = {"ids": (3, 1), 2: "two", "flag": True}
    stored = normalised_details(given)
    assert stored == {"ids": [3, 1], "2": "two", "flag": True}
    assert chain_hash(GENESIS_HASH, _entry(1, details=stored)) == chain_hash(
        GENESIS_HASH, _entry(1, details=normalised_details(stored))
    )
    assert chain_hash(GENESIS_HASH, _entry(1, details=None)) == chain_hash(
        GENESIS_HASH, _entry(1, details={})
    )


@pytest.mark.parametrize(
    "field, value",
    [
        ("seq", 2),
        ("at", AT + dt.timedelta(microseconds=1)),
        ("actor_id", 8),
        ("action", "person.viewed"),
        ("entity_type", "plan"),
        ("entity_id", 13),
        ("person_id", None),
        ("details", {"fields": ["a", "b"]}),
    ],
)
def test_every_field_changes_the_hash(field: str, value: object) -> None:
    entry = _entry(1)
    changed = dataclasses.replace(entry, **{field: value})  # type: ignore[arg-type]
    assert chain_hash(GENESIS_HASH, entry) != chain_hash(GENESIS_HASH, changed)


def _verify(
    rows: list[tuple[ChainEntry, str]], head: Checkpoint, against: Checkpoint | None = None
) -> tuple[int | None, ChainFault | None]:
    verifier = ChainVerifier(against)
    verifier.add_stored_rows(_stored(rows, as_text=False))
    report = verifier.finish(head)
    return report.first_bad_seq, report.fault


def _head(rows: list[tuple[ChainEntry, str]]) -> Checkpoint:
    return Checkpoint(rows[-1][0].seq, rows[-1][1]) if rows else Checkpoint(0, GENESIS_HASH)


def test_an_intact_chain_and_an_empty_one_verify() -> None:
    rows = _chain(5)
    verifier = ChainVerifier()
    assert verifier.add_stored_rows(_stored(rows, as_text=True))
    report = verifier.finish(_head(rows))
    assert (report.intact, report.rows, report.first_bad_seq) == (True, 5, None)
    assert _verify([], _head([])) == (None, None)


def test_an_altered_row_is_named() -> None:
    rows = _chain(5)
    entry, stored = rows[2]
    rows[2] = (dataclasses.replace(entry, action="person.viewed"), stored)
    assert _verify(rows, _head(rows)) == (3, ChainFault.ALTERED)


def test_a_deleted_row_is_named_by_its_missing_number() -> None:
    rows = _chain(5)
    del rows[1]
    assert _verify(rows, _head(rows)) == (2, ChainFault.MISSING)


def test_swapped_rows_are_named_at_the_first() -> None:
    rows = _chain(5)
    (a, hash_a), (b, hash_b) = rows[1], rows[2]
    rows[1] = (dataclasses.replace(b, seq=2), hash_b)
    rows[2] = (dataclasses.replace(a, seq=3), hash_a)
    assert _verify(rows, _head(rows)) == (2, ChainFault.ALTERED)


def test_rows_cut_off_the_end_are_caught_by_the_head_or_by_a_checkpoint() -> None:
    rows = _chain(5)
    head = _head(rows)
    assert _verify(rows[:3], head) == (4, ChainFault.HEAD_MISMATCH)
    # The head moved back too: only an earlier checkpoint shows it.
    assert _verify(rows[:3], _head(rows[:3])) == (None, None)
    assert _verify(rows[:3], _head(rows[:3]), against=head) == (
        4,
        ChainFault.CHECKPOINT_MISSING,
    )
    assert _verify(rows, head, against=Checkpoint(4, rows[3][1])) == (None, None)
    assert _verify(rows, head, against=Checkpoint(4, "f" * 64)) == (
        4,
        ChainFault.CHECKPOINT_DIFFERS,
    )


def _stored(rows: list[tuple[ChainEntry, str]], as_text: bool) -> list[StoredRow]:
    """The rows as a database returns them: SQLite's time text or a timestamp, JSON text."""
    return [
        (
            entry.seq,
            entry.at.strftime("%Y-%m-%d %H:%M:%S.%f") if as_text else entry.at,
            entry.actor_id,
            entry.action,
            entry.entity_type,
            entry.entity_id,
            entry.person_id,
            json.dumps(entry.details),  # as the ORM stores it: not in canonical form
            stored,
        )
        for entry, stored in rows
    ]


@pytest.mark.parametrize("as_text", [True, False])
def test_rows_as_stored_verify_as_the_entries_hashed_when_appended(as_text: bool) -> None:
    rows = _chain(4)
    rows.append(
        (
            entry := _entry(5, actor_id=None, person_id=None, details={"b": 1, "a": "é"}),
            chain_hash(rows[-1][1], entry),
        )
    )
    verifier = ChainVerifier()
    assert verifier.add_stored_rows(_stored(rows[:2], as_text))
    assert verifier.add_stored_rows(_stored(rows[2:], as_text))
    assert verifier.finish(_head(rows)).intact


def test_an_older_time_form_and_empty_details_read_back_the_same() -> None:
    entry = _entry(1, at=AT.replace(microsecond=0), details=None)
    stored: StoredRow = (
        1,
        "2026-12-02 09:30:15",
        7,
        "person.updated",
        "person",
        12,
        12,
        None,
        chain_hash(GENESIS_HASH, entry),
    )
    verifier = ChainVerifier()
    assert verifier.add_stored_rows([stored])


@pytest.mark.parametrize("field, nonsense", [(1, "not a time"), (7, "{not json")])
def test_a_value_edited_into_nonsense_is_an_altered_row(field: int, nonsense: str) -> None:
    rows = _stored(_chain(3), as_text=True)
    broken = list(rows[1])
    broken[field] = nonsense
    rows[1] = tuple(broken)  # type: ignore[assignment]
    verifier = ChainVerifier()
    assert not verifier.add_stored_rows(rows)
    report = verifier.finish(Checkpoint(3, rows[2][8]))
    assert (report.first_bad_seq, report.fault) == (2, ChainFault.ALTERED)


def _timed_chain(*seconds: int) -> list[tuple[ChainEntry, str]]:
    """A chain whose rows are ``seconds`` after AT, in that order."""
    rows, previous = [], GENESIS_HASH
    for seq, second in enumerate(seconds, start=1):
        entry = _entry(seq, at=AT + dt.timedelta(seconds=second))
        previous = chain_hash(previous, entry)
        rows.append((entry, previous))
    return rows


@pytest.mark.parametrize("as_text", [True, False])
def test_rows_timed_before_the_row_ahead_are_counted_not_refused(as_text: bool) -> None:
    rows = _timed_chain(0, 5, 5, 3, 9, 1, 2)  # back at 4 (3 < 5) and at 6 (1 < 9); 7 is later
    stored = _stored(rows, as_text)
    verifier = ChainVerifier()
    assert verifier.add_stored_rows(stored[:4])  # the second step back is in the next batch
    assert verifier.add_stored_rows(stored[4:])
    report = verifier.finish(_head(rows))
    assert report.intact
    assert (report.first_earlier_seq, report.earlier_rows) == (4, 2)


def test_a_chain_in_time_order_has_no_earlier_rows() -> None:
    rows = _timed_chain(0, 0, 1, 2)  # the same time twice is not going backwards
    verifier = ChainVerifier()
    verifier.add_stored_rows(_stored(rows, as_text=True))
    report = verifier.finish(_head(rows))
    assert (report.first_earlier_seq, report.earlier_rows) == (None, 0)


def _faults(stored: list[StoredRow], head: Checkpoint) -> tuple[list[tuple[int, ChainFault]], int]:
    verifier = ChainVerifier()
    verifier.add_stored_rows(stored[:3])  # in two batches: the walk carries over
    verifier.add_stored_rows(stored[3:])
    report = verifier.finish(head)
    return [(bad.seq, bad.fault) for bad in report.faults], report.fault_count


def test_rows_after_an_altered_one_are_judged_on_their_own() -> None:
    rows = _chain(6)
    head = _head(rows)
    entry, _ = rows[1]
    rows[1] = (entry, "junk")  # a junk hash at 2: 3 links to the hash 2 had, so 3 is named
    entry, stored = rows[3]
    rows[3] = (dataclasses.replace(entry, action="team.created"), stored)  # an edit at 4
    assert _faults(_stored(rows, as_text=True), head) == (
        [(2, ChainFault.ALTERED), (3, ChainFault.ALTERED), (4, ChainFault.ALTERED)],
        3,
    )


def test_an_edit_after_a_changed_row_is_still_named() -> None:
    rows = _chain(6)
    head = _head(rows)
    for index in (1, 3):  # the content of 2 and of 4 changed, their hashes kept
        entry, stored = rows[index]
        rows[index] = (dataclasses.replace(entry, action="team.created"), stored)
    assert _faults(_stored(rows, as_text=True), head) == (
        [(2, ChainFault.ALTERED), (4, ChainFault.ALTERED)],
        2,
    )


def test_a_gap_names_each_missing_number_and_the_rows_after_it_are_judged() -> None:
    rows = _chain(8)
    head = _head(rows)
    entry, stored = rows[6]
    rows[6] = (dataclasses.replace(entry, action="team.created"), stored)  # an edit at 7
    del rows[1:3]  # 2 and 3 deleted
    assert _faults(_stored(rows, as_text=True), head) == (
        [(2, ChainFault.MISSING), (3, ChainFault.MISSING), (7, ChainFault.ALTERED)],
        3,
    )


def test_a_repeated_number_is_out_of_order_and_the_walk_goes_on() -> None:
    rows = _stored(_chain(5), as_text=True)
    rows.insert(3, rows[1])  # seq 2 again after 3
    assert _faults(rows, Checkpoint(5, rows[-1][8])) == ([(2, ChainFault.OUT_OF_ORDER)], 1)


def test_the_first_twenty_bad_numbers_are_listed_and_every_one_counted() -> None:
    rows = _chain(50)
    head = _head(rows)
    for index in range(0, 50, 2):  # 1, 3, ... 49 changed: 25 faults
        entry, stored = rows[index]
        rows[index] = (dataclasses.replace(entry, action="team.created"), stored)
    listed, count = _faults(_stored(rows, as_text=True), head)
    assert count == 25 and len(listed) == LISTED_FAULTS
    assert listed[:2] == [(1, ChainFault.ALTERED), (3, ChainFault.ALTERED)]
    assert listed[-1] == (39, ChainFault.ALTERED)


def test_a_head_past_the_last_row_is_reported_with_the_rows_before_it() -> None:
    rows = _chain(5)
    head = _head(rows)
    entry, stored = rows[1]
    rows[1] = (dataclasses.replace(entry, action="team.created"), stored)
    assert _faults(_stored(rows[:4], as_text=True), head) == (
        [(2, ChainFault.ALTERED), (5, ChainFault.HEAD_MISMATCH)],
        2,
    )
