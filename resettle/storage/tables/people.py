"""The person (prison leaver) profile and aliases."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from resettle.storage.base import Base, UtcDateTime, utc_now
from resettle.storage.tables.staff import EstablishmentRow, StaffRow

#: ``people``'s column of the current check's answer of each point an outcome measure reads
#: (by the point's value: ``domain.outcome_checks.CheckPoint``).
OUTCOME_ANSWER_COLUMNS = {
    "first_night": "outcome_first_night",
    "week_6": "outcome_week_6",
    "month_3": "outcome_month_3",
    "month_6": "outcome_month_6",
    "treatment": "outcome_treatment",
}


#: ``ix_people_measures``'s columns (migrations 0034, 0036).
MEASURES_INDEX = (
    "release_date",
    "team_id",
    "establishment_id",
    "restricted",
    "case_closed",
    "id",
    "responsible_officer_id",
    "overdue_action_from",
    "plan_agreed_in_time",
    "plan_issued_in_time",
    *OUTCOME_ANSWER_COLUMNS.values(),
)


class PersonRow(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    prison_number: Mapped[str] = mapped_column(String(7), unique=True)
    crn: Mapped[str] = mapped_column(String(7), unique=True)
    pnc_number: Mapped[str | None] = mapped_column(String(16), index=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    sort_name: Mapped[str] = mapped_column(String(210))
    search_text: Mapped[str] = mapped_column(Text)
    date_of_birth: Mapped[dt.date] = mapped_column(Date, index=True)
    sex: Mapped[str] = mapped_column(String(16))
    gender: Mapped[str] = mapped_column(String(200), default="")
    preferred_language: Mapped[str] = mapped_column(String(200), default="English")
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    learning_disability: Mapped[bool] = mapped_column(Boolean, default=False)
    learning_notes: Mapped[str] = mapped_column(Text, default="")
    establishment_id: Mapped[int | None] = mapped_column(
        ForeignKey("establishments.id"), index=True
    )
    #: The team (probation delivery unit) whose caseload the person is on.
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    #: A limited-access case: only the staff on its access list reach it (``person_access``).
    restricted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    responsible_officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    key_worker_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    sentence_date: Mapped[dt.date | None] = mapped_column(Date)
    conditional_release_date: Mapped[dt.date | None] = mapped_column(Date)
    release_date: Mapped[dt.date | None] = mapped_column(Date)
    licence_end_date: Mapped[dt.date | None] = mapped_column(Date)
    release_type: Mapped[str | None] = mapped_column(String(32))
    offence_category: Mapped[str | None] = mapped_column(String(40))
    sexual_offence: Mapped[bool] = mapped_column(Boolean, default=False)
    # Open release-day essentials, kept by the essentials service for the readiness column.
    open_critical_essentials: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    open_other_essentials: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: Kept by the case-status service (the closure's who and why: ``case_closures``), so the
    #: caseload leaves closed cases out without a subquery.
    case_closed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Caseload sort keys and filters, kept by ``repositories/caseload_keys.py`` whenever the
    # person, their plan, their officer or establishment changes (and daily for readiness).
    #: The latest plan version's state (None: no plan).
    plan_state: Mapped[str | None] = mapped_column(String(16))
    #: A version of the plan has been agreed or issued.
    plan_agreed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: ``domain.readiness.person_score`` as of ``resettle_meta['readiness_as_of']``.
    readiness_score: Mapped[int | None] = mapped_column(Integer)
    #: The earliest due date of an outcome check not yet recorded for the current release
    #: (``domain/outcome_checks.py``; None: none outstanding, or not released), kept by the
    #: outcome-check service and ``caseload_keys.py``: "outcome checks due" is one index range.
    outcome_check_due_on: Mapped[dt.date | None] = mapped_column(Date)
    # The measures' keys (``repositories/measure_keys.py``), kept with the caseload keys, so
    # each measure reads one column of the person rather than looking up their records.
    #: The earliest due day of an open action of the latest plan version (None: none dated).
    overdue_action_from: Mapped[dt.date | None] = mapped_column(Date)
    #: A version of the plan agreed (issued) by 14 days before release.
    plan_agreed_in_time: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    plan_issued_in_time: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    #: The answer of the current check of each point an outcome measure reads, for the current
    #: release (None: no check; ``domain.measures.answer_groups``).
    outcome_first_night: Mapped[str | None] = mapped_column(String(32))
    outcome_week_6: Mapped[str | None] = mapped_column(String(32))
    outcome_month_3: Mapped[str | None] = mapped_column(String(32))
    outcome_month_6: Mapped[str | None] = mapped_column(String(32))
    outcome_treatment: Mapped[str | None] = mapped_column(String(32))
    officer_sort: Mapped[str | None] = mapped_column(String(200))
    establishment_sort: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)

    officer: Mapped[StaffRow | None] = relationship(foreign_keys=[responsible_officer_id])
    key_worker: Mapped[StaffRow | None] = relationship(foreign_keys=[key_worker_id])
    establishment: Mapped[EstablishmentRow | None] = relationship()
    aliases: Mapped[list[PersonAliasRow]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonAliasRow.id"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    # Each caseload order is (sort key, id), so a keyset page is one index range
    # (``repositories/caseload_order.py``); prison and case reference numbers are unique.
    # On SQLite an erased person's id is never given to someone new (AUTOINCREMENT): audit
    # rows keep the id, and a new person must not inherit them (migration 0017).
    __table_args__ = (
        Index("ix_people_release_order", "release_date", "id"),
        Index("ix_people_team_release", "team_id", "release_date", "id"),
        Index("ix_people_officer_release", "responsible_officer_id", "release_date", "id"),
        Index("ix_people_key_worker_release", "key_worker_id", "release_date", "id"),
        Index("ix_people_name_order", "sort_name", "id"),
        Index("ix_people_officer_order", "officer_sort", "id"),
        Index("ix_people_establishment_order", "establishment_sort", "id"),
        Index("ix_people_readiness_order", "readiness_score", "id"),
        Index("ix_people_outcome_check_due", "outcome_check_due_on", "id"),
        # The measures' release-date ranges, with the reach and open-case columns they keep
        # and the measures' keys they read (``repositories/measure_queries.py``): answered
        # from the index alone.
        Index("ix_people_measures", *MEASURES_INDEX),
        {"sqlite_autoincrement": True},
    )


class PersonAliasRow(Base):
    __tablename__ = "person_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))

    person: Mapped[PersonRow] = relationship(back_populates="aliases")
