"""The plan's evidence basis: one line per evidence record of each accepted intervention, with
the finding in plain words and the rating scheme's words only where a scheme rated it."""

from __future__ import annotations

from resettle.evidence import load_embedded_pack
from resettle.evidence.codes import RatingScheme
from resettle.services.plans.document import evidence_basis


def test_each_record_gives_its_finding_and_the_schemes_own_words() -> None:
    pack = load_embedded_pack()
    visits = pack.pack.intervention("family-visits")
    lines = evidence_basis(pack, ["family-visits"])
    assert len(lines) == len(visits.evidence)
    for line, record in zip(lines, visits.evidence, strict=True):
        assert line.finding and line.finding[0].isupper()
        if record.native_rating.scheme is RatingScheme.NONE:
            assert (line.rating, line.scheme) == ("", "")
        else:
            assert line.scheme == record.native_rating.scheme.label
            assert line.scheme not in line.rating  # the name is not repeated in the words
            assert line.rating == "\n".join(record.native_rating.printed_words())


def test_who_a_finding_holds_for_is_said_when_it_is_narrower_than_everyone() -> None:
    pack = load_embedded_pack()
    split = [
        (i.id, r)
        for i in pack.pack.interventions
        for r in i.evidence
        if r.risk_levels or r.indirect_population
    ]
    assert split, "the pack has findings limited by risk or population"
    for intervention_id, record in split:
        line = next(
            line
            for line in evidence_basis(pack, [intervention_id])
            if line.citation == pack.pack.citation(record.citation_id).formatted()
            and line.quality == record.quality
        )
        if record.risk_levels:
            assert "risk)" in line.finding
        if record.indirect_population:
            assert "studied in a different population" in line.finding


def test_an_intervention_listed_twice_or_unknown_is_printed_once_or_not_at_all() -> None:
    pack = load_embedded_pack()
    once = evidence_basis(pack, ["family-visits"])
    assert evidence_basis(pack, ["family-visits", "family-visits", "no-such-item"]) == once


def test_a_study_saying_the_same_for_two_interventions_is_one_row_naming_both() -> None:
    """Both accepted: the same finding of the same study was printed twice."""
    pack = load_embedded_pack()
    ids = [i.id for i in pack.pack.interventions]
    rows = evidence_basis(pack, ids)
    keys = [(r.finding, r.rating, r.scheme, r.quality, r.citation) for r in rows]
    assert len(keys) == len(set(keys)), "a finding printed twice"
    shared = [r for r in rows if "\n" in r.intervention]
    assert shared, "the pack has a study behind two interventions"
    row = shared[0]
    names = row.intervention.split("\n")
    assert len(names) == len(set(names)) >= 2
    # Each intervention alone still shows the row, under its own name only.
    for name in names:
        alone = next(i.id for i in pack.pack.interventions if i.name == name)
        assert any(
            r.intervention == name and r.citation == row.citation
            for r in evidence_basis(pack, [alone])
        )
