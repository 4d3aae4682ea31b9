"""Dialogs of the Aftercare tab: a referral (new or updated) and a provider for the directory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QSizePolicy, QWidget

from resettle.domain import clock
from resettle.domain.aftercare import (
    ALLOWED_TRANSITIONS,
    ReferralInput,
    ReferralStatus,
    ServiceType,
    can_change,
)
from resettle.domain.case_record import ReferralView
from resettle.domain.errors import FieldProblem
from resettle.domain.pathways import Pathway
from resettle.domain.record_parts import referral_part
from resettle.services.case_record import aftercare
from resettle.services.case_record.aftercare import ProviderInput, ProviderView
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.date_field import DateField
from resettle.ui.common.labels import label
from resettle.ui.common.views import push_button
from resettle.ui.common.widgets import (
    ChoiceCombo,
    OptionalTimeEdit,
    plain_text_edit,
)
from resettle.ui.person.form import model_validator
from resettle.ui.person.form_dialog import FormDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("AftercareDialogs", text)


class ProviderDialog(FormDialog):
    """Add a community service to the shared directory."""

    added = Signal(object)  # ProviderView

    def __init__(self, session: CaseRecordSession, parent: QWidget | None = None) -> None:
        super().__init__(
            session,
            _tr("Add a provider"),
            model_validator(ProviderInput),
            parent,
            ok_text=_tr("&Add provider"),
            intro=_tr("Providers are shared by everyone using this database."),
        )
        self.provider: ProviderView | None = None
        for name, caption, length in (
            ("name", self.tr("&Name"), 200),
            ("phone", self.tr("&Phone"), 40),
            ("email", self.tr("&Email"), 200),
        ):
            edit = QLineEdit()
            edit.setMaxLength(length)
            self.add_row(name, caption, edit)
        self.add_row("address", self.tr("A&ddress"), plain_text_edit(self.tr("Address"), 60))

    def write(self, values: dict[str, Any]) -> Callable[..., int | None]:
        def add(actor: Any, uow: Any, _version: int) -> None:
            self.provider = aftercare.add_provider(actor, uow, values)
            return None

        return add

    def accept(self) -> None:
        super().accept()
        if self.provider is not None:
            self.added.emit(self.provider)


class ReferralDialog(FormDialog):
    """A new referral (``view`` None) or changes to one, status moves checked as you choose."""

    def __init__(
        self,
        session: CaseRecordSession,
        view: ReferralView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            session,
            _tr("New referral") if view is None else _tr("Update referral"),
            None,
            parent,
            ok_text=_tr("&Save referral"),
        )
        self.view = view
        self.setMinimumWidth(640)
        self.form.validator = self._check
        self.provider_dialog: ProviderDialog | None = None
        self.provider = ChoiceCombo(long_items=True)
        self._offer_providers()
        self.new_provider = push_button(self.tr("Add pro&vider…"))
        self.new_provider.clicked.connect(self.add_provider)
        self.service = ChoiceCombo(long_items=True)
        self.service.set_choices(
            (
                (service, f"{label(service.pathway)} — {label(service)}")
                for pathway in Pathway
                for service in ServiceType
                if service.pathway is pathway
            ),
            self.tr("Choose a service"),
        )
        self.contact = QLineEdit()
        self.contact.setMaxLength(500)
        self.contact.setPlaceholderText(self.tr("Named worker, phone or email"))
        self.status = ChoiceCombo()
        statuses = list(ReferralStatus)
        if view is not None:
            current = view.referral.status
            statuses = [s for s in ReferralStatus if s is current or can_change(current, s)]
        self.status.set_choices((s, label(s)) for s in statuses)
        provider_row = QWidget()
        provider_row.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        row = QHBoxLayout(provider_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.provider, 1)
        row.addWidget(self.new_provider)
        self.add_row("provider_id", self.tr("&Provider"), self.provider, shown=provider_row)
        self.add_row("service_type", self.tr("S&ervice"), self.service)
        self.add_row("contact", self.tr("&Contact"), self.contact)
        self.add_row("referral_date", self.tr("&Referral date"), DateField(required=True))
        self.add_row("appointment_date", self.tr("&Appointment date"), DateField())
        self.add_row("appointment_time", self.tr("Appointment ti&me"), OptionalTimeEdit())
        self.add_row("status", self.tr("S&tatus"), self.status)
        self.add_row("reason", self.tr("Reaso&n"), plain_text_edit(self.tr("Reason"), 60))
        self.form.fields["reason"].widget.setPlaceholderText(  # type: ignore[attr-defined]
            self.tr("Required when the referral is closed or the person did not attend")
        )
        if view is not None and not ALLOWED_TRANSITIONS[view.referral.status]:
            self.status.setEnabled(False)

    def _offer_providers(self, select: int | None = None) -> None:
        providers = self.session.read(aftercare.list_providers)
        current = select if select is not None else self.provider.value()
        self.provider.set_choices(
            (
                (p.id, f"{p.name} ({p.phone})" if p.phone else p.name)
                for p in providers
                if p.active or (self.view and p.id == self.view.referral.provider_id)
            ),
            self.tr("Choose a provider"),
        )
        self.provider.set_value(current)

    def add_provider(self) -> ProviderDialog:
        self.provider_dialog = ProviderDialog(self.session, self)
        self.provider_dialog.added.connect(lambda p: self._offer_providers(select=p.id))
        self.provider_dialog.start()
        return self.provider_dialog

    def _check(self, data: dict[str, Any]) -> list[FieldProblem]:
        problems: list[FieldProblem] = []
        if data.get("provider_id") is None:
            problems.append(FieldProblem("provider_id", "required", _tr("Provider: choose one")))
        if data.get("service_type") is None:
            problems.append(FieldProblem("service_type", "required", _tr("Service: choose one")))
        if problems:
            return problems
        return model_validator(ReferralInput)(data)

    @property
    def part(self) -> str | None:  # type: ignore[override]
        return referral_part(self.view.id) if self.view is not None else None

    def write(self, values: dict[str, Any]) -> Callable[..., int | None]:
        if self.view is None:
            person_id = self.session.person_id

            def add(actor: Any, uow: Any, _revision: int) -> None:
                aftercare.add_referral(actor, uow, person_id, values)  # a new part: no revision

            return add
        referral_id = self.view.id
        return lambda actor, uow, v: aftercare.update_referral(actor, uow, referral_id, v, values)

    def start(self, values: dict[str, Any] | None = None) -> None:
        start: dict[str, Any] = (
            self.view.referral.model_dump()
            if self.view is not None
            else {"referral_date": clock.today(), "status": ReferralStatus.REFERRED}
        )
        super().start({**start, **(values or {})})
