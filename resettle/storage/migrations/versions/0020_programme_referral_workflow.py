"""The programme referral workflow as data: statuses, the categories and reasons of a
withdrawal, a deselection and a placement at another intensity than the programme pathway,
and the moves between statuses with the role groups (programme team, referrer) that may make
each. Seeded here, as written on the day (a later change is a later migration); the domain's
``STANDARD_WORKFLOW`` describes the same and ``tests/storage/test_programme_workflow_seed.py``
checks the two agree. No person's data.

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-02 16:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

BOTH = ("programme_team", "referrer")

# (code, label, draft, closed, on_hold, display_order, reason_group)
STATUSES = [
    ("draft", "Draft referral", True, False, False, 10, None),
    ("submitted", "Referral submitted", False, False, False, 20, None),
    ("awaiting_assessment", "Awaiting assessment", False, False, False, 30, None),
    ("assessment_started", "Assessment started", False, False, False, 40, None),
    ("assessed_suitable", "Assessed as suitable", False, False, False, 50, None),
    ("on_programme", "On programme", False, False, False, 60, None),
    ("suitable_not_ready", "Suitable but not ready", False, False, True, 70, None),
    ("on_hold_submitted", "On hold (referral submitted)", False, False, True, 80, None),
    ("on_hold_awaiting_assessment", "On hold (awaiting assessment)", False, False, True, 81, None),
    ("on_hold_assessment_started", "On hold (assessment started)", False, False, True, 82, None),
    ("programme_complete", "Programme complete", False, True, False, 90, None),
    ("not_eligible", "Not eligible", False, True, False, 100, None),
    ("not_suitable", "Not suitable", False, True, False, 110, None),
    ("deselected", "Deselected", False, True, False, 120, "deselected"),
    ("withdrawn", "Withdrawn", False, True, False, 130, "withdrawn"),
]
# (code, reason_group, label, [(reason code, label, may_stay_open)])
CATEGORIES = [
    (
        "withdrawn_administrative",
        "withdrawn",
        "Administrative",
        [
            ("withdrawn_duplicate", "Duplicate referral", False),
            ("withdrawn_made_in_error", "Referral made in error", False),
        ],
    ),
    (
        "withdrawn_motivation_behaviour",
        "withdrawn",
        "Motivation and behaviour",
        [
            ("withdrawn_behaviour", "Behaviour", False),
            ("withdrawn_motivation", "Motivation", False),
        ],
    ),
    (
        "withdrawn_operational",
        "withdrawn",
        "Operational",
        [
            ("withdrawn_not_available", "Programme not available", False),
            ("withdrawn_transfer", "Transfer to another establishment", False),
            ("withdrawn_not_enough_time", "Not enough time to complete the programme", False),
            ("withdrawn_released", "Released", False),
            ("withdrawn_sentence_ended", "Sentence ended", False),
            ("withdrawn_other_release", "Other kind of release", False),
        ],
    ),
    (
        "withdrawn_personal",
        "withdrawn",
        "Personal",
        [
            ("withdrawn_death", "Died", False),
            ("withdrawn_solicitor", "On a solicitor's advice", False),
            ("withdrawn_health", "Health", False),
            ("withdrawn_non_associations", "Non-associations", False),
            ("withdrawn_personal_reasons", "Personal reasons", False),
            ("withdrawn_safety", "Safety", False),
            ("withdrawn_risk_scores", "Risk scores changed", False),
        ],
    ),
    ("withdrawn_other", "withdrawn", "Other", []),
    (
        "deselected_motivation_behaviour",
        "deselected",
        "Motivation and behaviour",
        [
            ("deselected_attitude", "Attitude to the programme", True),
            ("deselected_behaviour_in_sessions", "Behaviour in sessions", True),
            ("deselected_behaviour_outside", "Behaviour outside sessions", True),
            ("deselected_personal_issues", "Issues that stop them taking part", True),
            ("deselected_missed_sessions", "Missed too many sessions", True),
            ("deselected_motivation", "Motivation", True),
        ],
    ),
    (
        "deselected_operational",
        "deselected",
        "Operational",
        [
            ("deselected_not_available", "Programme not available", False),
            ("deselected_deported", "Deported", False),
            ("deselected_did_not_return", "Did not return from temporary release", True),
            ("deselected_segregation", "In segregation", True),
            ("deselected_transfer", "Transferred", True),
            ("deselected_not_allowed", "Not allowed to attend (Prison Rule 53)", True),
            ("deselected_regime", "Regime changes", True),
            ("deselected_released_on_parole", "Released on parole", False),
            ("deselected_safer_custody", "Safer custody", True),
            ("deselected_sentence_ended", "Sentence ended", False),
            ("deselected_other_release", "Other kind of release", True),
        ],
    ),
    (
        "deselected_personal",
        "deselected",
        "Personal",
        [
            ("deselected_alcohol_drugs", "Alcohol or drugs", True),
            ("deselected_death", "Died", False),
            ("deselected_solicitor", "On a solicitor's advice", True),
            ("deselected_health", "Health", True),
        ],
    ),
    ("deselected_other", "deselected", "Other", []),
    (
        "override_risk",
        "pathway_override",
        "Risk",
        [
            ("override_sexual_killing", "Sexual killing in the offending history", False),
            ("override_extremist_offending", "Extremist offending", False),
            ("override_reoffending_risk", "Risk of reoffending", False),
            ("override_needs_high_intensity", "Needs call for high intensity", False),
            ("override_needs_moderate_intensity", "Needs call for moderate intensity", False),
        ],
    ),
    (
        "override_incomplete_information",
        "pathway_override",
        "Information incomplete",
        [
            ("override_missing_information", "Information missing", False),
            ("override_outdated_information", "Information out of date", False),
        ],
    ),
    (
        "override_sentence",
        "pathway_override",
        "Sentence",
        [
            ("override_high_rosh", "High risk of serious harm", False),
        ],
    ),
    (
        "override_operational",
        "pathway_override",
        "Operational",
        [
            (
                "override_not_enough_time",
                "Not enough time to complete the pathway's intensity",
                False,
            ),
        ],
    ),
]
# (from, to, description, deselects, role group or BOTH)
MOVES = [
    ("draft", "submitted", "Submit the referral", False, BOTH),
    (
        "submitted",
        "awaiting_assessment",
        "Accept the referral for assessment",
        False,
        "programme_team",
    ),
    ("submitted", "not_eligible", "Not eligible for the programme", False, "programme_team"),
    ("awaiting_assessment", "assessment_started", "Start the assessment", False, "programme_team"),
    ("assessment_started", "assessed_suitable", "Assessed as suitable", False, "programme_team"),
    (
        "assessment_started",
        "suitable_not_ready",
        "Assessed as suitable, not ready",
        False,
        "programme_team",
    ),
    ("assessment_started", "not_suitable", "Assessed as not suitable", False, "programme_team"),
    ("assessed_suitable", "on_programme", "Start the programme", False, "programme_team"),
    (
        "assessed_suitable",
        "suitable_not_ready",
        "Suitable but not ready yet",
        False,
        "programme_team",
    ),
    ("suitable_not_ready", "assessed_suitable", "Ready to go ahead", False, "programme_team"),
    ("on_programme", "programme_complete", "Programme completed", False, "programme_team"),
    ("on_programme", "deselected", "Deselect and close the referral", False, "programme_team"),
    (
        "on_programme",
        "assessed_suitable",
        "Deselect, keep the referral open (ready to restart)",
        True,
        "programme_team",
    ),
    (
        "on_programme",
        "suitable_not_ready",
        "Deselect, keep the referral open (not ready)",
        True,
        "programme_team",
    ),
    ("submitted", "on_hold_submitted", "Put the referral on hold", False, BOTH),
    ("awaiting_assessment", "on_hold_awaiting_assessment", "Put the referral on hold", False, BOTH),
    ("assessment_started", "on_hold_assessment_started", "Put the referral on hold", False, BOTH),
    ("on_hold_submitted", "submitted", "Take the referral off hold", False, BOTH),
    (
        "on_hold_awaiting_assessment",
        "awaiting_assessment",
        "Take the referral off hold",
        False,
        BOTH,
    ),
    ("on_hold_assessment_started", "assessment_started", "Take the referral off hold", False, BOTH),
    ("submitted", "withdrawn", "Withdraw the referral", False, BOTH),
    ("awaiting_assessment", "withdrawn", "Withdraw the referral", False, BOTH),
    ("assessment_started", "withdrawn", "Withdraw the referral", False, BOTH),
    ("on_hold_submitted", "withdrawn", "Withdraw the referral", False, BOTH),
    ("on_hold_awaiting_assessment", "withdrawn", "Withdraw the referral", False, BOTH),
    ("on_hold_assessment_started", "withdrawn", "Withdraw the referral", False, BOTH),
    ("assessed_suitable", "withdrawn", "Withdraw the referral", False, BOTH),
    ("suitable_not_ready", "withdrawn", "Withdraw the referral", False, BOTH),
]


def upgrade() -> None:
    statuses = op.create_table(
        "programme_referral_statuses",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("draft", sa.Boolean(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("on_hold", sa.Boolean(), nullable=False),
        sa.Column("display_order", sa.Integer(), nullable=False),
        sa.Column("reason_group", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_programme_referral_statuses")),
    )
    categories = op.create_table(
        "programme_referral_reason_categories",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("reason_group", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("display_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_programme_referral_reason_categories")),
    )
    reasons = op.create_table(
        "programme_referral_reasons",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("category_code", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("may_stay_open", sa.Boolean(), nullable=False),
        sa.Column("display_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_code"],
            ["programme_referral_reason_categories.code"],
            name=op.f(
                "fk_programme_referral_reasons_category_code_programme_referral_reason_categories"
            ),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_programme_referral_reasons")),
    )
    op.create_index(
        op.f("ix_programme_referral_reasons_category_code"),
        "programme_referral_reasons",
        ["category_code"],
        unique=False,
    )
    moves = op.create_table(
        "programme_referral_moves",
        sa.Column("from_status", sa.String(length=40), nullable=False),
        sa.Column("to_status", sa.String(length=40), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("deselects", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_status"],
            ["programme_referral_statuses.code"],
            name=op.f("fk_programme_referral_moves_from_status_programme_referral_statuses"),
        ),
        sa.ForeignKeyConstraint(
            ["to_status"],
            ["programme_referral_statuses.code"],
            name=op.f("fk_programme_referral_moves_to_status_programme_referral_statuses"),
        ),
        sa.PrimaryKeyConstraint(
            "from_status", "to_status", name=op.f("pk_programme_referral_moves")
        ),
    )
    move_roles = op.create_table(
        "programme_referral_move_roles",
        sa.Column("from_status", sa.String(length=40), nullable=False),
        sa.Column("to_status", sa.String(length=40), nullable=False),
        sa.Column("role_group", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "role_group IN ('programme_team', 'referrer')",
            name=op.f("ck_programme_referral_move_roles_role_group"),
        ),
        sa.ForeignKeyConstraint(
            ["from_status", "to_status"],
            ["programme_referral_moves.from_status", "programme_referral_moves.to_status"],
            name=op.f("fk_programme_referral_move_roles_from_status_programme_referral_moves"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "from_status", "to_status", "role_group", name=op.f("pk_programme_referral_move_roles")
        ),
    )
    op.bulk_insert(
        statuses,
        [
            dict(
                code=code,
                label=label,
                draft=draft,
                closed=closed,
                on_hold=on_hold,
                display_order=order,
                reason_group=group,
            )
            for code, label, draft, closed, on_hold, order, group in STATUSES
        ],
    )
    op.bulk_insert(
        categories,
        [
            dict(code=code, reason_group=group, label=label, display_order=position)
            for position, (code, group, label, _reasons) in enumerate(CATEGORIES, start=1)
        ],
    )
    op.bulk_insert(
        reasons,
        [
            dict(
                code=code,
                category_code=category,
                label=label,
                may_stay_open=stays,
                display_order=position,
            )
            for category, _group, _label, listed in CATEGORIES
            for position, (code, label, stays) in enumerate(listed, start=1)
        ],
    )
    op.bulk_insert(
        moves,
        [
            dict(from_status=source, to_status=target, description=words, deselects=deselects)
            for source, target, words, deselects, _who in MOVES
        ],
    )
    op.bulk_insert(
        move_roles,
        [
            dict(from_status=source, to_status=target, role_group=group)
            for source, target, _words, _deselects, who in MOVES
            for group in (who if isinstance(who, tuple) else (who,))
        ],
    )


def downgrade() -> None:
    op.drop_table("programme_referral_move_roles")
    op.drop_table("programme_referral_moves")
    op.drop_index(
        op.f("ix_programme_referral_reasons_category_code"),
        table_name="programme_referral_reasons",
    )
    op.drop_table("programme_referral_reasons")
    op.drop_table("programme_referral_reason_categories")
    op.drop_table("programme_referral_statuses")
