"""The support-need catalogue: defaults for every pathway, edits that keep codes stable."""

from __future__ import annotations

import pytest

from resettle.domain.catalogue import (
    COVERS_ESSENTIAL,
    CatalogueEntry,
    SupportNeedCatalogue,
    covered_essential,
    default_catalogue,
    other_code,
)
from resettle.domain.errors import ValidationFailed
from resettle.domain.pathways import Pathway
from resettle.domain.validation import validate


def test_every_pathway_has_needs_and_one_other_taking_free_text() -> None:
    catalogue = default_catalogue()
    for pathway in Pathway:
        entries = catalogue.for_pathway(pathway)
        assert len(entries) >= 4, pathway
        others = [e for e in entries if e.needs_detail]
        assert [e.code for e in others] == [other_code(pathway)]
        assert entries[-1].label == "Other"


def test_default_uses_resettlement_passport_wording() -> None:
    catalogue = default_catalogue()
    labels = {e.code: e.label for e in catalogue.for_pathway(Pathway.ACCOMMODATION)}
    assert labels["first_night_accommodation"] == "First-night accommodation"
    assert labels["help_to_find_accommodation"] == "Help to find accommodation"
    assert labels["maintain_tenancy"] == "Maintain a tenancy while in prison"
    assert catalogue.require("apply_for_id").pathway is Pathway.FINANCE_ID
    assert catalogue.require("gp_registration").section == "Health admin"


def test_codes_are_unique() -> None:
    entry = CatalogueEntry(code="cv_support", pathway=Pathway.HEALTH, label="Twice")
    with pytest.raises(ValidationFailed) as caught:
        default_catalogue().add(entry)
    assert (caught.value.problems[0].field, caught.value.problems[0].code) == ("code", "duplicate")
    with pytest.raises(ValueError, match="appears twice"):
        SupportNeedCatalogue(entries=(entry, entry))


def test_add_retire_and_relabel_return_a_new_catalogue() -> None:
    base = default_catalogue()
    entry = CatalogueEntry(
        code="tenancy_sustainment", pathway=Pathway.ACCOMMODATION, label="Tenancy sustainment"
    )
    added = base.add(entry)
    assert base.get("tenancy_sustainment") is None
    assert added.for_pathway(Pathway.ACCOMMODATION)[-1] == entry

    retired = added.set_active("tenancy_sustainment", False)
    assert entry not in retired.for_pathway(Pathway.ACCOMMODATION)
    kept = retired.for_pathway(Pathway.ACCOMMODATION, include_inactive=True)
    assert kept[-1].code == "tenancy_sustainment"
    assert kept[-1].active is False

    relabelled = retired.relabel("tenancy_sustainment", "  Keep a tenancy going  ")
    changed = relabelled.require("tenancy_sustainment")
    assert (changed.label, changed.pathway, changed.active) == (
        "Keep a tenancy going",
        Pathway.ACCOMMODATION,
        False,
    )


def test_relabel_refuses_an_empty_label_and_unknown_codes() -> None:
    with pytest.raises(ValidationFailed):
        default_catalogue().relabel("cv_support", "   ")
    with pytest.raises(ValidationFailed) as caught:
        default_catalogue().set_active("no_such_code", False)
    assert caught.value.problems[0].code == "unknown"


def test_entry_codes_are_slugs() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(CatalogueEntry, {"code": "Has Spaces", "pathway": "health", "label": "x"})
    assert caught.value.problems[0].field == "code"


def test_each_support_need_that_covers_an_essential_is_in_the_catalogue() -> None:
    catalogue = default_catalogue()
    for code, kind in COVERS_ESSENTIAL.items():
        assert catalogue.get(code) is not None, code
        assert covered_essential(code) is kind
    assert covered_essential("cv_support") is None
    assert len(set(COVERS_ESSENTIAL.values())) == len(COVERS_ESSENTIAL)  # one need per essential
