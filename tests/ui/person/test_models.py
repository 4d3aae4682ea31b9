"""The person window's table models over hand-made read models: no widgets, no database."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt

from resettle.domain.aftercare import ReferralInput, ReferralStatusChange, ServiceType
from resettle.domain.case_record import (
    CaseNoteView,
    PathwayNeedView,
    ReferralView,
    SupportNeedView,
)
from resettle.domain.essentials import BankAccount, FirstNightAddress, Naloxone
from resettle.domain.needs import (
    PathwayNeedInput,
    PathwayStatus,
    Severity,
    SupportNeedStatus,
    SupportNeedStatusChange,
)
from resettle.domain.ogrs3 import Ogrs3Input, compute_ogrs3
from resettle.domain.pathways import Pathway
from resettle.domain.plan import ActionStatus
from resettle.domain.recorded_risk import RecordedScore, ScoreTool
from resettle.domain.risk import OffenceCategory, RiskLevel, Sex
from resettle.ui.common.rows_model import ROW_ROLE, SORT_ROLE, Column, RowsTableModel
from resettle.ui.person.aftercare_models import ReferralHistoryModel, ReferralsModel
from resettle.ui.person.needs_models import (
    PathwaysModel,
    SupportNeedHistoryModel,
    SupportNeedsModel,
    pathway_rows,
)
from resettle.ui.person.notes_model import NotesModel, preview
from resettle.ui.person.release_day_models import EssentialsModel, essential_rows
from resettle.ui.person.risk_models import Ogrs3TermsModel, RecordedScoresModel

AT = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


def _header(model: RowsTableModel) -> list[str]:  # type: ignore[type-arg]
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def test_rows_model_roles_and_bounds(qapp) -> None:  # type: ignore[no-untyped-def]
    model: RowsTableModel[int] = RowsTableModel(
        [Column("N", str, sort_key=lambda n: -n, align_right=True)]
    )
    model.set_rows([3, 1])
    assert model.rowCount() == 2 and model.columnCount() == 1
    assert model.data(model.index(0, 0)) == "3"
    assert model.data(model.index(1, 0), ROW_ROLE) == 1
    assert model.data(model.index(1, 0), SORT_ROLE) == -1
    assert model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole)
    assert model.data(model.index(5, 0)) is None
    assert model.rowCount(model.index(0, 0)) == 0  # a table, not a tree
    assert model.data(QModelIndex()) is None


def test_ogrs3_terms_show_every_term_in_words(qapp) -> None:  # type: ignore[no-untyped-def]
    result = compute_ogrs3(
        Ogrs3Input(
            date_of_birth=dt.date(1990, 5, 17),
            sex=Sex.FEMALE,
            conviction_date=dt.date(2024, 1, 10),
            first_sanction_date=dt.date(2008, 3, 1),
            previous_sanctions=4,
            offence_category=OffenceCategory.THEFT_NON_MOTOR,
            start_date=dt.date(2026, 6, 1),
        ),
        today=dt.date(2026, 11, 23),
    )
    model = Ogrs3TermsModel()
    model.show_result(result)
    rows = model.display_rows()
    assert _header(model) == ["Term", "Read from", "Value"]
    assert [r[0] for r in rows] == [
        "Age and sex",
        "Conviction status",
        "Copas rate × 1.25112",
        "Offence category",
        "Total (T)",
    ]
    assert rows[0][1] == f"Female, age band {result.age_band} (aged 36 at release)"
    assert rows[1][1] == "Repeat (4 previous sanctions)"
    assert rows[3][1] == "Theft (non-motor)"  # a label, never the code theft_non_motor
    assert rows[4][2] == f"{result.total:+.5f}"
    model.show_result(None)
    assert model.rowCount() == 0


def test_recorded_scores_newest_first_with_labels(qapp) -> None:  # type: ignore[no-untyped-def]
    model = RecordedScoresModel()
    model.set_scores(
        [
            RecordedScore(
                tool=ScoreTool.OGRS3, percent=34, assessed_on=dt.date(2025, 1, 1), source="OASys"
            ),
            RecordedScore(
                tool=ScoreTool.OSP_DC,
                level=RiskLevel.VERY_HIGH,
                assessed_on=dt.date(2026, 2, 1),
                source="OASys",
            ),
        ]
    )
    assert model.display_rows() == [
        ["OSP/DC", "—", "Very high", "01 Feb 2026", "OASys"],
        ["OGRS3 (OASys)", "34%", "Low", "01 Jan 2025", "OASys"],
    ]


def _need(pathway: Pathway, status: PathwayStatus, needs: tuple = ()) -> PathwayNeedView:  # type: ignore[type-arg]
    return PathwayNeedView(
        need=PathwayNeedInput(pathway=pathway, status=status, severity=Severity.HIGH),
        support_needs=needs,
    )


def _support(status: SupportNeedStatus, history: tuple = ()) -> SupportNeedView:  # type: ignore[type-arg]
    return SupportNeedView(
        id=1,
        code="help_to_find_accommodation",
        pathway=Pathway.ACCOMMODATION,
        label="Help to find accommodation",
        detail="",
        status=status,
        history=history,
    )


def test_pathways_show_labels_counts_and_unsaved_edits(qapp) -> None:  # type: ignore[no-untyped-def]
    views = [
        _need(
            Pathway.ACCOMMODATION,
            PathwayStatus.SUPPORT_REQUIRED,
            (_support(SupportNeedStatus.IN_PROGRESS), _support(SupportNeedStatus.MET)),
        ),
        _need(Pathway.HEALTH, PathwayStatus.NOT_STARTED),
    ]
    model = PathwaysModel()
    edit = {**views[1].need.model_dump(), "status": PathwayStatus.IN_PROGRESS}
    model.set_rows(pathway_rows(views, {Pathway.HEALTH: edit}))
    assert _header(model) == ["Pathway", "Status", "Severity", "Support needs"]
    assert model.display_rows() == [
        ["Accommodation", "Support required", "High", "1 open of 2"],
        ["Health *", "In progress", "High", "—"],
    ]
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole) == "Unsaved changes"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ForegroundRole) is not None


def test_support_needs_and_their_history(qapp) -> None:  # type: ignore[no-untyped-def]
    history = (
        SupportNeedStatusChange(
            changed_by="Ann Officer",
            changed_at=AT,
            from_status=None,
            to_status=SupportNeedStatus.NOT_STARTED,
        ),
        SupportNeedStatusChange(
            changed_by="Ben Officer",
            changed_at=AT + dt.timedelta(days=2),
            from_status=SupportNeedStatus.NOT_STARTED,
            to_status=SupportNeedStatus.IN_PROGRESS,
            note="Referred to the council",
        ),
    )
    needs = SupportNeedsModel()
    needs.set_rows([_support(SupportNeedStatus.IN_PROGRESS, history)])
    row = needs.display_rows()[0]
    assert row[0] == "Help to find accommodation" and row[2] == "In progress"
    model = SupportNeedHistoryModel()
    model.set_rows(history)
    rows = model.display_rows()
    assert _header(model) == ["When", "Who", "From", "To", "Note"]
    assert [r[1:] for r in rows] == [
        ["Ann Officer", "(added)", "Not started", ""],
        ["Ben Officer", "Not started", "In progress", "Referred to the council"],
    ]


def test_essentials_mark_critical_edited_and_status(qapp) -> None:  # type: ignore[no-untyped-def]
    model = EssentialsModel()
    essentials = [
        FirstNightAddress(status=ActionStatus.IN_PROGRESS, who="CAS3 team"),
        BankAccount(status=ActionStatus.DONE, action_date=dt.date(2026, 11, 2)),
        Naloxone(status=ActionStatus.NOT_NEEDED),
    ]
    on_screen = {"status": ActionStatus.TO_DO, "action_date": dt.date(2026, 11, 20)}
    model.set_rows(essential_rows(essentials, edited={BankAccount().kind: on_screen}))
    assert model.display_rows() == [
        ["First-night address", "Critical", "In progress", "", "CAS3 team"],
        # Unsaved: the status and date on screen, marked, not the old ones.
        ["Bank account", "", "To do (edited)", "20 Nov 2026", ""],
        ["Naloxone", "Critical", "Not needed", "", ""],
    ]
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ForegroundRole) is not None


def test_referrals_and_history(qapp) -> None:  # type: ignore[no-untyped-def]
    referral = ReferralInput(
        provider_id=1,
        service_type=ServiceType.DRUG_TREATMENT,
        referral_date=dt.date(2026, 11, 1),
        appointment_date=dt.date(2026, 12, 3),
        appointment_time=dt.time(14, 0),
        status="did_not_attend",
        reason="Was in hospital",
    )
    history = (
        ReferralStatusChange(
            changed_by="Ann", changed_at=AT, from_status="referred", to_status="referred"
        ),
        ReferralStatusChange(
            changed_by="Ann",
            changed_at=AT,
            from_status="referred",
            to_status="did_not_attend",
            reason="Was in hospital",
        ),
    )
    view = ReferralView(
        id=4,
        provider_name="Harbour Drug Service",
        provider_phone="01632 960000",
        referral=referral,
        history=history,
    )
    model = ReferralsModel()
    model.set_rows([view])
    assert model.display_rows() == [
        [
            "Harbour Drug Service",
            "Drug treatment",
            "Drugs and alcohol",
            "01 Nov 2026",
            "03 Dec 2026 14:00",
            "Did not attend",
        ]
    ]
    assert model.data(model.index(0, 5), Qt.ItemDataRole.ToolTipRole) == "Was in hospital"
    changes = ReferralHistoryModel()
    changes.set_rows(history)
    assert [r[2:] for r in changes.display_rows()] == [
        ["(new referral)", "Referred", ""],
        ["Referred", "Did not attend", "Was in hospital"],
    ]


def test_notes_newest_first_with_corrections_both_ways(qapp) -> None:  # type: ignore[no-untyped-def]
    original = CaseNoteView(
        id=1,
        author="Ann",
        created_at=AT,
        pathway=Pathway.HEALTH,
        text="Registered with Dr Smyth.\nSecond line",
        corrects_note_id=None,
        corrected_by_ids=(2,),
    )
    correction = CaseNoteView(
        id=2,
        author="Ann",
        created_at=AT + dt.timedelta(hours=1),
        pathway=Pathway.HEALTH,
        text="Registered with Dr Smith.",
        corrects_note_id=1,
    )
    plain = CaseNoteView(
        id=3,
        author="Ben",
        created_at=AT - dt.timedelta(days=1),
        pathway=None,
        text="Phoned",
        corrects_note_id=None,
    )
    model = NotesModel()
    model.set_notes([original, plain, correction])
    rows = model.display_rows()
    assert [r[3] for r in rows] == [
        "Registered with Dr Smith.",
        "Registered with Dr Smyth. …",
        "Phoned",
    ]
    assert rows[0][4].startswith("Corrects the note of ")
    assert rows[1][4] == "Corrected later"
    assert rows[2][2] == "General" and rows[0][2] == "Health"
    assert model.corrections_of(original) == [correction]
    assert model.data(model.index(1, 3), Qt.ItemDataRole.ForegroundRole) is not None
    assert preview("x" * 300).endswith("…") and len(preview("x" * 300)) == 120
