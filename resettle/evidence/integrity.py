"""Checks that span a whole pack: ids, references between sections, rating consistency.

They run on the decoded JSON, not on validated models, so a pack with broken structure
still gets every reference problem listed alongside its field problems. Anything that is
not the expected shape is skipped here (the model validation reports it).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

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


def _index_ids(
    data: dict[str, Any], section: str, problems: list[PackProblem]
) -> dict[str, dict[str, Any]]:
    seen: dict[str, tuple[int, dict[str, Any]]] = {}
    for index, item in _items(data, section):
        ident = item.get("id")
        if not isinstance(ident, str):
            continue
        if ident in seen:
            problems.append(
                PackProblem(
                    f"{section}[{index}].id",
                    "duplicate_id",
                    f"duplicate id {ident!r} (first used at {section}[{seen[ident][0]}])",
                )
            )
        else:
            seen[ident] = (index, item)
    return {ident: item for ident, (_, item) in seen.items()}


def _normalised_doi(value: str) -> str:
    """A DOI as compared: DOIs are case-insensitive, and may be written as a link."""
    doi = value.strip().lower()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        doi = doi.removeprefix(prefix)
    return doi.strip()


def _check_dois(data: dict[str, Any], problems: list[PackProblem]) -> None:
    """Two different citations never share a DOI (a DOI names one work)."""
    seen: dict[str, tuple[int, str]] = {}
    for index, citation in _items(data, "citations"):
        doi = citation.get("doi")
        if not isinstance(doi, str) or not doi.strip():
            continue
        key = _normalised_doi(doi)
        if key in seen:
            first_index, first_id = seen[key]
            problems.append(
                PackProblem(
                    f"citations[{index}].doi",
                    "duplicate_doi",
                    f"DOI {doi.strip()!r} is also the DOI of citation {first_id!r} "
                    f"(citations[{first_index}]): two different works never share a DOI",
                )
            )
        else:
            seen[key] = (index, str(citation.get("id")))


def _check_evidence_ids(data: dict[str, Any], problems: list[PackProblem]) -> set[str]:
    seen: dict[str, str] = {}
    for location, record in _records(data):
        ident = record.get("id")
        if not isinstance(ident, str):
            continue
        if ident in seen:
            problems.append(
                PackProblem(
                    f"{location}.id",
                    "duplicate_id",
                    f"duplicate evidence record id {ident!r} (first used at {seen[ident]})",
                )
            )
        else:
            seen[ident] = location
    return set(seen)


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
    if word in TOOLKIT_QUALITY_WORDS and isinstance(quality, int):
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
    versions = {e.get("version") for e in changelog if isinstance(e, dict)}
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
    mapped: dict[str, int] = {}
    for index, entry in _items(data, "criminogenic_need_pathways"):
        need = entry.get("criminogenic_need")
        if not isinstance(need, str):
            continue
        if need in mapped:
            problems.append(
                PackProblem(
                    f"criminogenic_need_pathways[{index}].criminogenic_need",
                    "duplicate_id",
                    f"criminogenic need {need!r} is mapped twice (first at "
                    f"criminogenic_need_pathways[{mapped[need]}])",
                )
            )
        else:
            mapped[need] = index
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
