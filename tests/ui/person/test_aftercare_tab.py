"""Aftercare: a provider added to the directory, a referral added and moved on with history."""

from __future__ import annotations

from resettle.domain.aftercare import ReferralStatus, ServiceType
from resettle.services.workspace import Workspace
from resettle.ui.person import PersonWindow
from resettle.ui.person.aftercare_dialogs import ProviderDialog, ReferralDialog
from resettle.ui.person.aftercare_tab import AftercareTab
from tests.background import wait_for_background
from tests.ui.person.support import choose, saved_record, submit


def _aftercare(window: PersonWindow) -> AftercareTab:
    tab = window.tab_of(AftercareTab)
    assert isinstance(tab, AftercareTab)
    window.show_tab(tab)
    return tab


def _new_provider(qtbot, referral: ReferralDialog, name: str) -> ProviderDialog:  # type: ignore[no-untyped-def]
    provider = referral.add_provider()
    provider.form.fields["name"].widget.setText(name)  # type: ignore[attr-defined]
    provider.form.fields["phone"].widget.setText("01632 960123")  # type: ignore[attr-defined]
    return provider


def test_add_a_referral_then_close_it_with_a_reason(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace
) -> None:
    tab = _aftercare(window)
    assert tab.empty.isVisibleTo(tab)
    dialog = tab.new_referral()
    assert isinstance(dialog, ReferralDialog)
    assert not dialog.ok_button.isEnabled()
    assert dialog.form.problem_for("provider_id") == "Provider: choose one"
    assert submit(qtbot, _new_provider(qtbot, dialog, "Harbour Housing Trust"))
    assert dialog.provider.currentText() == "Harbour Housing Trust (01632 960123)"
    choose(dialog.service, ServiceType.HOUSING_SUPPORT)
    dialog.contact.setText("Sam at intake")
    assert submit(qtbot, dialog)
    assert tab.referrals.display_rows()[0][:3] == [
        "Harbour Housing Trust",
        "Housing support",
        "Accommodation",
    ]
    assert tab.referrals.display_rows()[0][5] == "Referred"

    dialog = tab.update_referral()
    assert isinstance(dialog, ReferralDialog)
    assert list(dialog.status.values()) == [
        ReferralStatus.REFERRED,
        ReferralStatus.ACCEPTED,
        ReferralStatus.ATTENDED,
        ReferralStatus.DID_NOT_ATTEND,
        ReferralStatus.CLOSED,
    ]
    choose(dialog.status, ReferralStatus.CLOSED)
    assert dialog.form.problem_for("reason") == ("Reason: is required when the referral is closed")
    assert not dialog.ok_button.isEnabled()
    dialog.form.fields["reason"].widget.setPlainText("Found own tenancy")  # type: ignore[attr-defined]
    assert submit(qtbot, dialog)

    saved = saved_record(workspace, window.session.person_id).referrals[0]
    assert saved.referral.status is ReferralStatus.CLOSED
    assert saved.referral.reason == "Found own tenancy"
    assert [row[2:] for row in tab.history.display_rows()] == [
        ["(new referral)", "Referred", ""],
        ["Referred", "Closed", "Found own tenancy"],
    ]
    assert tab.reason.text() == "Found own tenancy"
    closed = tab.update_referral()
    assert isinstance(closed, ReferralDialog)
    assert not closed.status.isEnabled()  # nothing follows closed
    closed.reject()


def test_a_provider_already_in_the_directory_is_named(qtbot, window: PersonWindow) -> None:  # type: ignore[no-untyped-def]
    tab = _aftercare(window)
    first = tab.add_provider()
    first.form.fields["name"].widget.setText("Northgate Hub")  # type: ignore[attr-defined]
    assert submit(qtbot, first)
    again = tab.add_provider()
    again.form.fields["name"].widget.setText("Northgate Hub")  # type: ignore[attr-defined]
    again.ok_button.click()
    wait_for_background(qtbot)
    assert again.isVisible()
    assert "already in the directory" in again.form.problem_for("name")
    again.reject()
