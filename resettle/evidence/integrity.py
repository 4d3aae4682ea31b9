"""Checks that span a whole pack: ids, references between sections, rating consistency.

They run on the decoded JSON, not on validated models, so a pack with broken structure
still gets every reference problem listed alongside its field problems. Anything that is
not the expected shape is skipped here (the model validation reports it).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any, TypeVar

from resettle.evidence.codes import TOOLKIT_QUALITY_WORDS
from resettle.evidence.problems import PackProblem


def check_integrity(data: Any) -> list[PackProblem]:
    if not isinstance(data, dict):
        return []
    problems: list[PackProblem] = []
    citations = _index_ids(data, "citations", problems)
    _index_ids(data, "interventions", problems)
    _index_ids(data, "principles", problems)
    _index_ids(data, "pathway_notes", problems)
    _check_dois(data, problems)
    evidence_ids = _check_evidence_ids(data, problems)
    _check_records(data, citations, problems)
    _check_references(data, citations, evidence_ids, problems)
    _check_changelog(data, problems)
    _check_harm_flags(data, problems)
    _check_need_mapping(data, problems)
    _check_age_limits(data, problems)
    _check_programme_groups(data, problems)
    return problems


def _items(data: dict[str, Any], section: str) -> Iterator[tuple[int, dict[str, Any]]]:
    value = data.get(section)
    if not isinstance(value, list):
        return
    for index, item in enumerate(value):
        if isinstance(item, dict):
            yield index, item


def _records(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for section in ("principles", "interventions"):
        for index, owner in _items(data, section):
            records = owner.get("evidence")
            if not isinstance(records, list):
                continue
            for r_index, record in enumerate(records):
                if isinstance(record, dict):
                    yield f"{section}[{index}].evidence[{r_index}]", record


_Place = TypeVar("_Place")
_Entry = tuple[_Place, dict[str, Any]]


def _first_and_repeats(
    entries: Iterable[_Entry[_Place]], key: Callable[[dict[str, Any]], str | None]
) -> tuple[dict[str, _Entry[_Place]], list[tuple[str, _Entry[_Place], _Entry[_Place]]]]:
    """The first entry for each key (entries without one are skipped), and each later entry
    with a key already seen: (key, that entry, the first entry)."""
    first: dict[str, _Entry[_Place]] = {}
    repeats: list[tuple[str, _Entry[_Place], _Entry[_Place]]] = []
    for entry in entries:
        found = key(entry[1])
        if found is None:
            continue
        if found in first:
            repeats.append((found, entry, first[found]))
        else:
            first[found] = entry
    return first, repeats


def _text(field: str) -> Callable[[dict[str, Any]], str | None]:
    return lambda item: value if isinstance(value := item.get(field), str) else None


def _index_ids(
    data: dict[str, Any], section: str, problems: list[PackProblem]
) -> dict[str, dict[str, Any]]:
    first, repeats = _first_and_repeats(_items(data, section), _text("id"))
    for ident, (index, _), (first_index, _) in repeats:
        problems.append(
            PackProblem(
                f"{section}[{index}].id",
                "duplicate_id",
                f"duplicate id {ident!r} (first used at {section}[{first_index}])",
            )
        )
    return {ident: item for ident, (_, item) in first.items()}


def _normalised_doi(value: str) -> str:
    """A DOI as compared: DOIs are case-insensitive, and may be written as a link."""
    doi = value.strip().lower()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        doi = doi.removeprefix(prefix)
    return doi.strip()


def _check_dois(data: dict[str, Any], problems: list[PackProblem]) -> None:
    """Two different citations never share a DOI (a DOI names one work)."""

    def doi_of(citation: dict[str, Any]) -> str | None:
        doi = citation.get("doi")
        return _normalised_doi(doi) if isinstance(doi, str) and doi.strip() else None

    _, repeats = _first_and_repeats(_items(data, "citations"), doi_of)
    for _, (index, citation), (first_index, first) in repeats:
        problems.append(
            PackProblem(
                f"citations[{index}].doi",
                "duplicate_doi",
                f"DOI {citation['doi'].strip()!r} is also the DOI of citation "
                f"{str(first.get('id'))!r} (citations[{first_index}]): two different works "
                "never share a DOI",
            )
        )


def _check_evidence_ids(data: dict[str, Any], problems: list[PackProblem]) -> set[str]:
    first, repeats = _first_and_repeats(_records(data), _text("id"))
    for ident, (location, _), (first_location, _) in repeats:
        problems.append(
            PackProblem(
                f"{location}.id",
                "duplicate_id",
                f"duplicate evidence record id {ident!r} (first used at {first_location})",
            )
        )
    return set(first)


def _check_records(
    data: dict[str, Any], citations: dict[str, dict[str, Any]], problems: list[PackProblem]
) -> None:
    for location, record in _records(data):
        citation_id = record.get("citation_id")
        if isinstance(citation_id, str):
            citation = citations.get(citation_id)
            if citation is None:
                problems.append(
                    PackProblem(
                        f"{location}.citation_id",
                        "dangling_reference",
                        f"no citation with id {citation_id!r}",
                    )
                )
            elif not citation.get("doi") and not citation.get("url") and _is_verified(record):
                problems.append(
                    PackProblem(
                        f"{location}.verification.status",
                        "unverifiable_citation",
                        f"citation {citation_id!r} has no DOI or URL, so the record must be "
                        "'unverified'",
                    )
                )
        _check_toolkit_quality(location, record, problems)


def _is_verified(record: dict[str, Any]) -> bool:
    verification = record.get("verification")
    return isinstance(verification, dict) and verification.get("status") == "verified"


def _check_toolkit_quality(
    location: str, record: dict[str, Any], problems: list[PackProblem]
) -> None:
    rating = record.get("native_rating")
    if not isinstance(rating, dict) or rating.get("scheme") != "college_of_policing_toolkit":
        return
    word = rating.get("quality_label")
    quality = record.get("quality")
    if isinstance(word, str) and word in TOOLKIT_QUALITY_WORDS and isinstance(quality, int):
        expected = TOOLKIT_QUALITY_WORDS[word]
        if quality != expected:
            problems.append(
                PackProblem(
                    f"{location}.quality",
                    "quality_mismatch",
                    f"Toolkit quality {word!r} means {expected}, not {quality}",
                )
            )


def _check_references(
    data: dict[str, Any],
    citations: dict[str, dict[str, Any]],
    evidence_ids: set[str],
    problems: list[PackProblem],
) -> None:
    for where, _principle, ref in _unknown_references(
        data, "principles", "evidence_ids", evidence_ids
    ):
        problems.append(
            PackProblem(where, "dangling_reference", f"no evidence record with id {ref!r}")
        )
    for where, _note, ref in _unknown_references(data, "pathway_notes", "citation_ids", citations):
        problems.append(PackProblem(where, "dangling_reference", f"no citation with id {ref!r}"))


def _unknown_references(
    data: dict[str, Any], section: str, field: str, known: Collection[str]
) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Each id in ``section[i].field`` (a list) that ``known`` does not hold: where it is,
    the entry holding it, and the id."""
    for index, entry in _items(data, section):
        refs = entry.get(field)
        for r_index, ref in enumerate(refs if isinstance(refs, list) else []):
            if isinstance(ref, str) and ref not in known:
                yield f"{section}[{index}].{field}[{r_index}]", entry, ref


def _check_changelog(data: dict[str, Any], problems: list[PackProblem]) -> None:
    version = data.get("pack_version")
    changelog = data.get("changelog")
    if not isinstance(version, str) or not isinstance(changelog, list) or not changelog:
        return
    versions = {
        e["version"] for e in changelog if isinstance(e, dict) and isinstance(e.get("version"), str)
    }
    if version not in versions:
        problems.append(
            PackProblem(
                "changelog",
                "changelog_missing_version",
                f"no changelog entry for pack_version {version!r}",
            )
        )


def _check_harm_flags(data: dict[str, Any], problems: list[PackProblem]) -> None:
    for index, item in _items(data, "interventions"):
        records = item.get("evidence")
        harmful = [
            r.get("id")
            for r in (records if isinstance(records, list) else [])
            if isinstance(r, dict)
            and isinstance(r.get("effect"), dict)
            and r["effect"].get("direction") == "harmful"
            and not r.get("risk_levels")  # harm for some risk levels excludes for those only
        ]
        harm = item.get("harm")
        flagged = isinstance(harm, dict) and harm.get("flagged") is True
        if harmful and not flagged:
            problems.append(
                PackProblem(
                    f"interventions[{index}].harm.flagged",
                    "harm_not_flagged",
                    f"evidence {', '.join(map(str, harmful))} reports harm: flag the intervention",
                )
            )


def _check_need_mapping(data: dict[str, Any], problems: list[PackProblem]) -> None:
    """Each criminogenic need is mapped once; every need an intervention targets is mapped."""
    first, repeats = _first_and_repeats(
        _items(data, "criminogenic_need_pathways"), _text("criminogenic_need")
    )
    for need, (index, _), (first_index, _) in repeats:
        problems.append(
            PackProblem(
                f"criminogenic_need_pathways[{index}].criminogenic_need",
                "duplicate_id",
                f"criminogenic need {need!r} is mapped twice (first at "
                f"criminogenic_need_pathways[{first_index}])",
            )
        )
    mapped = {need: index for need, (index, _) in first.items()}
    for where, item, need in _unknown_references(
        data, "interventions", "criminogenic_needs", mapped
    ):
        problems.append(
            PackProblem(
                where,
                "unmapped_need",
                f"intervention {item.get('id')!r} targets {need!r}, which "
                "criminogenic_need_pathways does not map to a pathway need",
            )
        )


def _check_age_limits(data: dict[str, Any], problems: list[PackProblem]) -> None:
    """One age limit per responsivity factor."""
    _, repeats = _first_and_repeats(_items(data, "responsivity_age_limits"), _text("factor"))
    for factor, (index, _), (first_index, _) in repeats:
        problems.append(
            PackProblem(
                f"responsivity_age_limits[{index}].factor",
                "duplicate_id",
                f"factor {factor!r} has two age limits (first at "
                f"responsivity_age_limits[{first_index}])",
            )
        )


def _check_programme_groups(data: dict[str, Any], problems: list[PackProblem]) -> None:
    """A programme group names the same programme in two settings or more: one intervention
    alone in its group is a typing error."""
    members: dict[str, list[int]] = {}
    for index, item in _items(data, "interventions"):
        group = item.get("programme_group")
        if isinstance(group, str):
            members.setdefault(group, []).append(index)
    for group, indexes in members.items():
        if len(indexes) == 1:
            problems.append(
                PackProblem(
                    f"interventions[{indexes[0]}].programme_group",
                    "lone_programme_group",
                    f"programme group {group!r} names no other intervention",
                )
            )
