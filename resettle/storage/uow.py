"""Unit of work: one user action, one session, one transaction (cosmicpython ch. 6 in SA 2)."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from resettle.domain.access import AccessScope
from resettle.storage import tables
from resettle.storage.repositories.audit import AuditRepository
from resettle.storage.repositories.people import PeopleRepository
from resettle.storage.repositories.staff import StaffRepository

if TYPE_CHECKING:
    from resettle.storage.account_keys import KeySlotChanges
    from resettle.storage.repositories.access import AccessRepository, AccountState
    from resettle.storage.repositories.accounts import AccountsRepository
    from resettle.storage.repositories.bulk import BulkRepository
    from resettle.storage.repositories.case_record import CaseRecordRepository
    from resettle.storage.repositories.cases import CasesRepository
    from resettle.storage.repositories.disclosure_notes import DisclosureNotesRepository
    from resettle.storage.repositories.import_ledger import ImportLedgerRepository
    from resettle.storage.repositories.measures import MeasuresRepository
    from resettle.storage.repositories.outcome_checks import OutcomeChecksRepository
    from resettle.storage.repositories.plans import PlanRepository
    from resettle.storage.repositories.programme_attendance import (
        ProgrammeAttendanceRepository,
    )
    from resettle.storage.repositories.programme_history import ProgrammeHistoryRepository
    from resettle.storage.repositories.programme_referrals import ProgrammeReferralsRepository
    from resettle.storage.repositories.programme_workflow import ProgrammeWorkflowRepository
    from resettle.storage.repositories.programmes import ProgrammesRepository
    from resettle.storage.repositories.regions import RegionsRepository
    from resettle.storage.repositories.subject_access import SubjectAccessRepository


class SqlUnitOfWork:
    """Use as ``with uow: ...; uow.commit()``. Leaving the block without commit rolls back.

    The first unit of work of a process imports every table module and configures the mappers
    (``tables.ready_for_threads``), so that units of work on several threads never race to do
    it; the repositories the caseload does not need are still loaded on first use.
    """

    session: Session
    people: PeopleRepository
    staff: StaffRepository
    audit: AuditRepository

    #: The acting account's reach, once read in this unit of work (``services/access_scope``).
    cached_scope: AccessScope | None
    #: Run first inside each transaction, before the use case's own work: ``Workspace.run``
    #: checks the acting account here (``services/acting_account.py``), so the check and the
    #: action are one transaction.
    on_begin: Callable[[SqlUnitOfWork], None] | None
    #: The acting account's id and state as that check read them (the reach reuses them).
    checked_account: tuple[int, AccountState] | None
    #: Whether the unit of work was ever entered.
    began: bool
    #: How many of its transactions were committed (a call that committed part of its work
    #: is not run again after a failure: ``services/storage_errors.retrying``).
    committed: int
    #: On an encrypted SQLite database: the key slots this unit of work changes, written
    #: with its commit (``storage/account_keys.py``); None on a plain database.
    key_changes: KeySlotChanges | None

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        key_changes: KeySlotChanges | None = None,
    ) -> None:
        self._session_factory = session_factory
        self.key_changes = key_changes
        self.cached_scope = None
        self.on_begin = None
        self.checked_account = None
        self.began = False
        self.committed = 0

    def __enter__(self) -> SqlUnitOfWork:
        tables.ready_for_threads()
        self.session = self._session_factory()
        self.people = PeopleRepository(self.session)
        self.staff = StaffRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.cached_scope = None
        self.checked_account = None
        self.began = True
        if self.key_changes is not None:
            self.key_changes.clear()
        if self.on_begin is not None:
            try:
                self.on_begin(self)
            except BaseException:
                self.session.rollback()
                self.session.close()
                raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()

    @property
    def access(self) -> AccessRepository:
        from resettle.storage.repositories.access import AccessRepository

        return AccessRepository(self.session)

    @property
    def accounts(self) -> AccountsRepository:
        from resettle.storage.repositories.accounts import AccountsRepository

        return AccountsRepository(self.session)

    @property
    def regions(self) -> RegionsRepository:
        from resettle.storage.repositories.regions import RegionsRepository

        return RegionsRepository(self.session)

    @property
    def case(self) -> CaseRecordRepository:
        from resettle.storage.repositories.case_record import CaseRecordRepository

        return CaseRecordRepository(self.session)

    @property
    def cases(self) -> CasesRepository:
        from resettle.storage.repositories.cases import CasesRepository

        return CasesRepository(self.session)

    @property
    def disclosure_notes(self) -> DisclosureNotesRepository:
        from resettle.storage.repositories.disclosure_notes import DisclosureNotesRepository

        return DisclosureNotesRepository(self.session)

    @property
    def outcome_checks(self) -> OutcomeChecksRepository:
        from resettle.storage.repositories.outcome_checks import OutcomeChecksRepository

        return OutcomeChecksRepository(self.session)

    @property
    def programme_history(self) -> ProgrammeHistoryRepository:
        from resettle.storage.repositories.programme_history import ProgrammeHistoryRepository

        return ProgrammeHistoryRepository(self.session)

    @property
    def measures(self) -> MeasuresRepository:
        from resettle.storage.repositories.measures import MeasuresRepository

        return MeasuresRepository(self.session)

    @property
    def plans(self) -> PlanRepository:
        from resettle.storage.repositories.plans import PlanRepository

        return PlanRepository(self.session)

    @property
    def programmes(self) -> ProgrammesRepository:
        from resettle.storage.repositories.programmes import ProgrammesRepository

        return ProgrammesRepository(self.session)

    @property
    def bulk(self) -> BulkRepository:
        from resettle.storage.repositories.bulk import BulkRepository

        return BulkRepository(self.session)

    @property
    def import_ledger(self) -> ImportLedgerRepository:
        from resettle.storage.repositories.import_ledger import ImportLedgerRepository

        return ImportLedgerRepository(self.session)

    @property
    def subject_access(self) -> SubjectAccessRepository:
        from resettle.storage.repositories.subject_access import SubjectAccessRepository

        return SubjectAccessRepository(self.session)

    @property
    def programme_workflow(self) -> ProgrammeWorkflowRepository:
        from resettle.storage.repositories.programme_workflow import (
            ProgrammeWorkflowRepository,
        )

        return ProgrammeWorkflowRepository(self.session)

    @property
    def programme_referrals(self) -> ProgrammeReferralsRepository:
        from resettle.storage.repositories.programme_referrals import (
            ProgrammeReferralsRepository,
        )

        return ProgrammeReferralsRepository(self.session)

    @property
    def programme_attendance(self) -> ProgrammeAttendanceRepository:
        from resettle.storage.repositories.programme_attendance import (
            ProgrammeAttendanceRepository,
        )

        return ProgrammeAttendanceRepository(self.session)

    def commit(self) -> None:
        changes = self.key_changes
        if changes is None or not changes.pending:
            self.session.commit()
            self.committed += 1
            return
        self.session.flush()  # holds the write lock while the key file changes
        undo = changes.write()
        try:
            self.session.commit()
        except BaseException:
            undo()
            raise
        self.committed += 1

    def flush(self) -> None:
        self.session.flush()
