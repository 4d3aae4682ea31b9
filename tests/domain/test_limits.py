"""Collection limits (domain/limits.py), their page (docs/limits.md), and the checks of ids and
codes given to a use case (domain/given_values.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from resettle.domain import limits
from resettle.domain.case_flags import CaseFlag
from resettle.domain.caseload import CaseloadQuery
from resettle.domain.errors import ValidationFailed
from resettle.domain.given_values import RECORD_ID_MAX, choice, choices, record_id
from resettle.domain.needs import SupportNeedStatus
from resettle.domain.person import PersonInput
from resettle.domain.plan import ActionOwner, PlanAction, check_actions, check_plan_size
from resettle.domain.validation import validate

DOCS = Path(__file__).resolve().parents[2] / "docs" / "limits.md"


def _constants() -> list[str]:
    return [name for name in vars(limits) if name.isupper() and not name.startswith("_")]


def test_the_limits_page_names_every_limit() -> None:
    page = DOCS.read_text(encoding="utf-8")
    assert len(_constants()) >= 9
    assert [name for name in _constants() if f"`{name}`" not in page] == []


def test_the_brief_figures() -> None:
    assert limits.PLAN_ACTIONS_MAX == 500
    assert limits.SEARCH_TEXT_MAX == 200


def test_check_count_names_the_field_and_the_figure() -> None:
    limits.check_count("actions", "Actions", 500, 500, "actions in a plan")
    with pytest.raises(ValidationFailed) as caught:
        limits.check_count("actions", "Actions", 501, 500, "actions in a plan")
    (problem,) = caught.value.problems
    assert (problem.field, problem.code) == ("actions", "too_many")
    assert problem.message == "Actions: at most 500 actions in a plan"


def _action(position: int) -> PlanAction:
    return PlanAction(
        position=position,
        pathway="accommodation",
        what=f"Step {position}",
        owner=ActionOwner.PROBATION,
    )


def test_a_plan_of_more_than_500_actions_is_refused_in_the_domain() -> None:
    actions = tuple(_action(i) for i in range(limits.PLAN_ACTIONS_MAX))
    check_actions(actions, sentence_start=None, release_date=None)
    with pytest.raises(ValidationFailed) as caught:
        check_actions(
            (*actions, _action(limits.PLAN_ACTIONS_MAX)), sentence_start=None, release_date=None
        )
    assert [p.field for p in caught.value.problems] == ["actions"]
    with pytest.raises(ValidationFailed):
        check_plan_size(300_000)


def test_search_text_is_at_most_200_characters() -> None:
    assert validate(CaseloadQuery, {"search": "x" * 200}).search == "x" * 200
    with pytest.raises(ValidationFailed) as caught:
        validate(CaseloadQuery, {"search": "x" * 201})
    assert caught.value.problems[0].message == "Search: at most 200 characters"
    with pytest.raises(ValidationFailed) as caught:
        validate(CaseloadQuery, {"search": "Smith\x00"})
    assert caught.value.problems[0].field == "search"


def test_aliases_are_limited() -> None:
    person = {
        "prison_number": "A1234BC",
        "crn": "X123456",
        "given_name": "Ann",
        "family_name": "Smith",
        "date_of_birth": "1990-01-01",
    }
    with pytest.raises(ValidationFailed) as caught:
        validate(PersonInput, {**person, "aliases": ["Al"] * (limits.PERSON_ALIASES_MAX + 1)})
    assert "aliases" in [p.field for p in caught.value.problems]


@pytest.mark.parametrize("value", [1, 42, RECORD_ID_MAX])
def test_record_id_accepts_an_id(value: int) -> None:
    assert record_id(value, "person_id") == value


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        (2**70, "unknown_id", "Person: no record has this number"),
        (-(2**70), "unknown_id", "Person: no record has this number"),
        ("abc", "not_an_id", "Person: not a record number"),
        ("12", "not_an_id", "Person: not a record number"),
        (True, "not_an_id", "Person: not a record number"),
        (None, "not_an_id", "Person: not a record number"),
        (1.5, "not_an_id", "Person: not a record number"),
    ],
)
def test_record_id_refuses_naming_the_field(value: object, code: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        record_id(value, "person_id")
    (problem,) = caught.value.problems
    assert (problem.field, problem.code, problem.message) == ("person_id", code, message)


def test_choice_takes_a_member_or_its_code() -> None:
    assert choice(SupportNeedStatus, "met", "status") is SupportNeedStatus.MET
    assert choice(SupportNeedStatus, SupportNeedStatus.MET, "status") is SupportNeedStatus.MET


@pytest.mark.parametrize("value", ["finished", "", None, 3, ["met"], "MET"])
def test_choice_refuses_an_unknown_code_listing_the_valid_ones(value: object) -> None:
    with pytest.raises(ValidationFailed) as caught:
        choice(SupportNeedStatus, value, "status")
    (problem,) = caught.value.problems
    assert (problem.field, problem.code) == ("status", "unknown_code")
    assert problem.message == "Status: not one of not_started, in_progress, met, declined"


def test_choices_checks_each_value() -> None:
    assert choices(CaseFlag, ["opioid_use"], "flags") == [CaseFlag.OPIOID_USE]
    assert choices(CaseFlag, "opioid_use", "flags") == [CaseFlag.OPIOID_USE]
    with pytest.raises(ValidationFailed) as caught:
        choices(CaseFlag, ["opioid_use", "nonsense"], "flags")
    assert caught.value.problems[0].field == "flags"
    assert "opioid_use" in caught.value.problems[0].message
