"""The programme referral workflow: every status against every Resettle role, the reasons a
move asks for, and the refusals' words. The expected moves are written out by hand below
(from the research notes on the HMPPS accredited-programmes service, re-expressed), not read
from the code under test."""

from __future__ import annotations

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.programme_referral_statuses import (
    DESELECTIONS_THAT_CLOSE,
    PLACE_GIVEN_AT,
    ProgrammeReferralStatus,
    ReasonGroup,
)
from resettle.domain.programme_referral_workflow import (
    STANDARD_WORKFLOW,
    Move,
    MoveNotAllowed,
    Workflow,
    WorkflowRoleGroup,
    role_groups_of,
    roles_in_group,
)
from resettle.domain.staff import Role

S = ProgrammeReferralStatus
PT, REF = "programme_team", "referrer"
BOTH = {PT, REF}

#: from -> {to: the role groups that may make the move}, by hand.
EXPECTED: dict[str, dict[str, set[str]]] = {
    "draft": {"submitted": BOTH},
    "submitted": {
        "awaiting_assessment": {PT},
        "not_eligible": {PT},
        "on_hold_submitted": BOTH,
        "withdrawn": BOTH,
    },
    "awaiting_assessment": {
        "assessment_started": {PT},
        "on_hold_awaiting_assessment": BOTH,
        "withdrawn": BOTH,
    },
    "assessment_started": {
        "assessed_suitable": {PT},
        "suitable_not_ready": {PT},
        "not_suitable": {PT},
        "on_hold_assessment_started": BOTH,
        "withdrawn": BOTH,
    },
    "assessed_suitable": {"on_programme": {PT}, "suitable_not_ready": {PT}, "withdrawn": BOTH},
    "on_programme": {
        "programme_complete": {PT},
        "deselected": {PT},
        "assessed_suitable": {PT},
        "suitable_not_ready": {PT},
    },
    "suitable_not_ready": {"assessed_suitable": {PT}, "withdrawn": BOTH},
    "on_hold_submitted": {"submitted": BOTH, "withdrawn": BOTH},
    "on_hold_awaiting_assessment": {"awaiting_assessment": BOTH, "withdrawn": BOTH},
    "on_hold_assessment_started": {"assessment_started": BOTH, "withdrawn": BOTH},
    "programme_complete": {},
    "not_eligible": {},
    "not_suitable": {},
    "deselected": {},
    "withdrawn": {},
}
#: Each Resettle role's workflow role groups, by hand (the brief: officers and prison
#: offender managers refer; the programme team runs programmes; the rest make no move).
GROUPS_OF_ROLE: dict[Role, set[str]] = {
    Role.OFFICER: {REF},
    Role.PRISON_STAFF: {REF},
    Role.PROGRAMME_TEAM: {PT},
    Role.MANAGER: set(),
    Role.ADMIN: set(),
}
#: How a refusal names who was refused.
WHO = {
    frozenset({REF}): "A referrer may not",
    frozenset({PT}): "The programme team may not",
    frozenset({PT, REF}): "Neither a referrer nor the programme team may",
}
LABELS = {status.code: status.label for status in STANDARD_WORKFLOW.statuses}
ACCOUNTS: dict[str, frozenset[Role]] = {
    **{role.value: frozenset({role}) for role in Role},
    "officer+programme_team": frozenset({Role.OFFICER, Role.PROGRAMME_TEAM}),
    "manager+prison_staff": frozenset({Role.MANAGER, Role.PRISON_STAFF}),
}


def _groups_of(roles: frozenset[Role]) -> set[str]:
    return set().union(*(GROUPS_OF_ROLE[role] for role in roles))


def test_the_hand_written_table_covers_every_status_and_role() -> None:
    assert set(EXPECTED) == {status.value for status in S} == set(LABELS)
    assert set(GROUPS_OF_ROLE) == set(Role)
    assert all(set(targets) <= set(EXPECTED) for targets in EXPECTED.values())


def test_fifteen_statuses_and_no_status_for_moving_to_building_choices() -> None:
    assert len(STANDARD_WORKFLOW.statuses) == 15
    assert not any("building" in status.code for status in STANDARD_WORKFLOW.statuses)


def test_the_moves_and_their_role_groups_are_the_table() -> None:
    found = {
        (move.from_status, move.to_status): {g.value for g in move.role_groups}
        for move in STANDARD_WORKFLOW.moves
    }
    expected = {
        (source, target): groups
        for source, targets in EXPECTED.items()
        for target, groups in targets.items()
    }
    assert found == expected


@pytest.mark.parametrize("account", list(ACCOUNTS))
def test_role_groups_come_from_the_roles(account: str) -> None:
    roles = ACCOUNTS[account]
    assert {group.value for group in role_groups_of(roles)} == _groups_of(roles)


def test_each_group_names_its_resettle_roles() -> None:
    assert roles_in_group(WorkflowRoleGroup.PROGRAMME_TEAM) == (Role.PROGRAMME_TEAM,)
    assert roles_in_group(WorkflowRoleGroup.REFERRER) == (Role.OFFICER, Role.PRISON_STAFF)


@pytest.mark.parametrize("account", list(ACCOUNTS))
@pytest.mark.parametrize("from_status", list(EXPECTED))
def test_each_role_may_make_exactly_its_moves_from_each_status(
    account: str, from_status: str
) -> None:
    roles = ACCOUNTS[account]
    groups = _groups_of(roles)
    allowed = {target for target, who in EXPECTED[from_status].items() if who & groups}
    offered = STANDARD_WORKFLOW.allowed_moves(from_status, role_groups_of(roles))
    assert {move.to_status for move in offered} == allowed
    for target in EXPECTED:
        if target in allowed:
            move = STANDARD_WORKFLOW.check_move(from_status, target, roles)
            assert (move.from_status, move.to_status) == (from_status, target)
            continue
        with pytest.raises(MoveNotAllowed) as refused:
            STANDARD_WORKFLOW.check_move(from_status, target, roles)
        message = str(refused.value)
        move_words = f"move a referral from {LABELS[from_status]} to {LABELS[target]}"
        assert move_words in message, message
        if groups:
            assert message.startswith(WHO[frozenset(groups)]), message
        else:
            role_words = ", ".join(r.label for r in sorted(roles, key=list(Role).index))
            assert message.startswith(f"{role_words} accounts may not"), message
        assert refused.value.code == "programme_referral.move_not_allowed"


def test_the_briefs_example_refusal() -> None:
    with pytest.raises(MoveNotAllowed) as refused:
        STANDARD_WORKFLOW.check_move("on_programme", "withdrawn", {Role.OFFICER})
    assert str(refused.value) == (
        "A referrer may not move a referral from On programme to Withdrawn."
    )


def test_a_referrer_never_moves_a_referral_on_a_programme_and_nothing_leaves_a_closed_one() -> None:
    for role in Role:
        assert not STANDARD_WORKFLOW.allowed_moves(
            "on_programme", role_groups_of({role} - {Role.PROGRAMME_TEAM})
        )
    for status in STANDARD_WORKFLOW.statuses:
        if status.closed:
            assert not STANDARD_WORKFLOW.allowed_moves(status.code, set(WorkflowRoleGroup))


@pytest.mark.parametrize("field", ["from_status", "to_status"])
def test_an_unknown_status_is_refused_naming_the_field(field: str) -> None:
    statuses = {"from_status": "submitted", "to_status": "withdrawn", field: "moved_on"}
    with pytest.raises(ValidationFailed) as refused:
        STANDARD_WORKFLOW.check_move(statuses["from_status"], statuses["to_status"], {Role.OFFICER})
    assert [p.field for p in refused.value.problems] == [field]
    assert "moved_on" in str(refused.value)


def test_status_flags() -> None:
    by_code = {status.code: status for status in STANDARD_WORKFLOW.statuses}
    assert [c for c, s in by_code.items() if s.draft] == ["draft"]
    assert {c for c, s in by_code.items() if s.closed} == {
        "programme_complete",
        "not_eligible",
        "not_suitable",
        "deselected",
        "withdrawn",
    }
    assert {c for c, s in by_code.items() if s.on_hold} == {
        "suitable_not_ready",
        "on_hold_submitted",
        "on_hold_awaiting_assessment",
        "on_hold_assessment_started",
    }
    assert {c for c, s in by_code.items() if s.open} == set(by_code) - {
        "draft",
        "programme_complete",
        "not_eligible",
        "not_suitable",
        "deselected",
        "withdrawn",
    }
    orders = [status.display_order for status in STANDARD_WORKFLOW.statuses]
    assert orders == sorted(set(orders))


# --- reasons --------------------------------------------------------------------------------


def _move(source: str, target: str) -> Move:
    return STANDARD_WORKFLOW.check_move(source, target, {Role.PROGRAMME_TEAM})


def test_deselecting_but_keeping_open_is_a_move_of_its_own() -> None:
    keep_open = {(m.from_status, m.to_status) for m in STANDARD_WORKFLOW.moves if m.deselects}
    assert keep_open == {
        ("on_programme", "assessed_suitable"),
        ("on_programme", "suitable_not_ready"),
    }
    assert not _move("on_programme", "deselected").deselects
    for source, target in keep_open:
        move = _move(source, target)
        assert STANDARD_WORKFLOW.reason_group_of(move) is ReasonGroup.DESELECTED


def test_which_reasons_each_move_asks_for() -> None:
    assert (
        STANDARD_WORKFLOW.reason_group_of(_move("submitted", "withdrawn")) is ReasonGroup.WITHDRAWN
    )
    assert (
        STANDARD_WORKFLOW.reason_group_of(_move("on_programme", "deselected"))
        is ReasonGroup.DESELECTED
    )
    assert STANDARD_WORKFLOW.reason_group_of(_move("draft", "submitted")) is None
    assert STANDARD_WORKFLOW.reason_group_of(_move("on_programme", "programme_complete")) is None


def test_the_deselections_after_which_a_referral_cannot_stay_open() -> None:
    assert {
        "deselected_death",
        "deselected_not_available",
        "deselected_deported",
        "deselected_released_on_parole",
        "deselected_sentence_ended",
    } == DESELECTIONS_THAT_CLOSE
    reasons = {
        reason.code: reason.may_stay_open
        for category in STANDARD_WORKFLOW.categories_of(ReasonGroup.DESELECTED)
        for reason in category.reasons
    }
    assert {code for code, stays in reasons.items() if not stays} == DESELECTIONS_THAT_CLOSE
    assert len(reasons) == 21


def test_category_and_reason_counts_of_each_group() -> None:
    def counts(group: ReasonGroup) -> list[int]:
        return [len(c.reasons) for c in STANDARD_WORKFLOW.categories_of(group)]

    assert counts(ReasonGroup.WITHDRAWN) == [2, 2, 6, 7, 0]
    assert counts(ReasonGroup.DESELECTED) == [6, 11, 4, 0]
    assert counts(ReasonGroup.PATHWAY_OVERRIDE) == [5, 2, 1, 1]


def test_a_good_reason_passes() -> None:
    workflow = STANDARD_WORKFLOW
    workflow.check_reason(ReasonGroup.WITHDRAWN, "withdrawn_operational", "withdrawn_released")
    workflow.check_reason(ReasonGroup.WITHDRAWN, "withdrawn_other", None, "Moved to a hospital")
    workflow.check_reason(
        ReasonGroup.DESELECTED,
        "deselected_motivation_behaviour",
        "deselected_missed_sessions",
        staying_open=True,
    )
    workflow.check_reason(
        ReasonGroup.DESELECTED, "deselected_personal", "deselected_death", staying_open=False
    )
    workflow.check_reason(ReasonGroup.PATHWAY_OVERRIDE, "override_sentence", "override_high_rosh")


@pytest.mark.parametrize(
    ("group", "category", "reason", "notes", "staying_open", "field", "code"),
    [
        # A category of another group.
        (
            ReasonGroup.WITHDRAWN,
            "deselected_operational",
            "deselected_deported",
            "",
            False,
            "category",
            "programme_referral.category_invalid",
        ),
        (
            ReasonGroup.WITHDRAWN,
            None,
            None,
            "",
            False,
            "category",
            "programme_referral.category_invalid",
        ),
        # A reason of another category.
        (
            ReasonGroup.WITHDRAWN,
            "withdrawn_personal",
            "withdrawn_released",
            "",
            False,
            "reason",
            "programme_referral.reason_invalid",
        ),
        (
            ReasonGroup.WITHDRAWN,
            "withdrawn_personal",
            None,
            "",
            False,
            "reason",
            "programme_referral.reason_invalid",
        ),
        # "Other" asks for notes, not a reason.
        (
            ReasonGroup.WITHDRAWN,
            "withdrawn_other",
            None,
            "  ",
            False,
            "notes",
            "programme_referral.notes_required",
        ),
        (
            ReasonGroup.DESELECTED,
            "deselected_other",
            "deselected_health",
            "x",
            False,
            "reason",
            "programme_referral.reason_invalid",
        ),
        # Deselected, kept open, for a reason after which it cannot stay open.
        (
            ReasonGroup.DESELECTED,
            "deselected_operational",
            "deselected_deported",
            "",
            True,
            "reason",
            "programme_referral.reason_closes",
        ),
    ],
)
def test_a_bad_reason_is_refused_naming_the_field(
    group: ReasonGroup,
    category: str | None,
    reason: str | None,
    notes: str,
    staying_open: bool,
    field: str,
    code: str,
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        STANDARD_WORKFLOW.check_reason(group, category, reason, notes, staying_open=staying_open)
    assert [(p.field, p.code) for p in refused.value.problems] == [(field, code)]
    assert str(refused.value).lower().startswith(field)


def test_a_workflow_with_a_move_twice_or_to_an_unknown_status_is_refused() -> None:
    move = STANDARD_WORKFLOW.moves[0]
    with pytest.raises(ValueError, match="twice"):
        Workflow(
            statuses=STANDARD_WORKFLOW.statuses,
            categories=STANDARD_WORKFLOW.categories,
            moves=(*STANDARD_WORKFLOW.moves, move),
        )
    with pytest.raises(ValueError, match="unknown status"):
        Workflow(
            statuses=STANDARD_WORKFLOW.statuses,
            categories=(),
            moves=(move.model_copy(update={"to_status": "moved_on"}),),
        )
    with pytest.raises(ValueError, match="open status"):
        Workflow(
            statuses=STANDARD_WORKFLOW.statuses,
            categories=(),
            moves=(
                Move(
                    from_status="on_programme",
                    to_status="deselected",
                    role_groups=frozenset({WorkflowRoleGroup.PROGRAMME_TEAM}),
                    description="x",
                    deselects=True,
                ),
            ),
        )


def test_a_refused_category_or_reason_lists_the_choices_by_label_with_their_codes() -> None:
    workflow = STANDARD_WORKFLOW
    with pytest.raises(ValidationFailed) as refused:
        workflow.check_reason(ReasonGroup.WITHDRAWN, None, None)
    text = refused.value.problems[0].message
    first = workflow.categories_of(ReasonGroup.WITHDRAWN)[0]
    assert text.startswith(f"Category: choose one of {first.label} ({first.code})")
    category = next(c for c in workflow.categories_of(ReasonGroup.WITHDRAWN) if c.reasons)
    with pytest.raises(ValidationFailed) as refused:
        workflow.check_reason(ReasonGroup.WITHDRAWN, category.code, "nope")
    text = refused.value.problems[0].message
    assert all(f"{r.label} ({r.code})" in text for r in category.reasons)


def test_the_route_to_a_place_names_the_moves_open_from_each_status() -> None:
    """Second user trial: "Move the referral to Assessed as suitable" was no move open from
    Awaiting assessment. The route is the moves the programme team makes, in order."""

    def route(status: str) -> list[str]:
        moves = STANDARD_WORKFLOW.route(status, PLACE_GIVEN_AT, {WorkflowRoleGroup.PROGRAMME_TEAM})
        return [move.to_status for move in moves]

    assert route("awaiting_assessment") == ["assessment_started", "assessed_suitable"]
    assert route("on_hold_awaiting_assessment") == [
        "awaiting_assessment",
        "assessment_started",
        "assessed_suitable",
    ]
    assert route("assessment_started") == ["assessed_suitable"]
    assert route("assessed_suitable") == []
    # A referrer makes no assessment: no route.
    assert STANDARD_WORKFLOW.route("submitted", PLACE_GIVEN_AT, {WorkflowRoleGroup.REFERRER}) == ()
