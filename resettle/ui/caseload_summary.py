"""The line under the caseload's filters: whose people the signed-in role sees ("People in HMP
Bristol you key-work"), the filters in force, and a Clear filters button; and the words that
say what hid everyone when a search or the filters find nobody.

The filters are remembered between sessions, so a returning user must see at a glance why
people are missing, and undo it in one step.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from resettle.domain.caseload import CaseloadFilters, PlanStateFilter, ReleaseWindow
from resettle.domain.staff import Role
from resettle.ui.common.labels import label


def tr(text: str) -> str:
    return QCoreApplication.translate("CaseloadSummary", text)


def hides_people(filters: CaseloadFilters) -> bool:
    """True when a filter (one of the four lists, or "my own people only") leaves people out."""
    return filters.narrowed or filters.mine


def cleared(filters: CaseloadFilters) -> CaseloadFilters:
    """``filters`` with nothing left out: every list on "any", "my own people only" off.
    "Show closed cases" stays as it was (it adds people; it hides nobody)."""
    return CaseloadFilters(include_closed=filters.include_closed)


def scope_text(role: Role, mine: bool, establishment: str | None) -> str:
    """What the caseload shows for the signed-in role, in a few words."""
    if role is Role.PRISON_STAFF:
        if establishment is None:
            return tr("Your account has no establishment, so nobody is shown: ask an administrator")
        if mine:
            return tr("People in %1 you key-work").replace("%1", establishment)
        return tr("Everyone in %1 (prison staff see their own establishment only)").replace(
            "%1", establishment
        )
    if role is Role.PROGRAMME_TEAM:
        if establishment is None:
            return tr("Your account has no establishment, so nobody is shown: ask an administrator")
        return tr("Everyone in %1 (the programme team sees its own establishment only)").replace(
            "%1", establishment
        )
    if role is Role.OFFICER and mine:
        return tr("Your caseload: the people you are the responsible officer for")
    if role is Role.OFFICER:
        # An officer reaches their team's people (and a team they cover), not everyone.
        return tr("Everyone on your team's caseload")
    if role is Role.MANAGER:
        return tr("Everyone in the teams and establishments you manage")
    return ""


def _release_window(window: ReleaseWindow) -> str:
    """The window's own label, inside a list: "release in the next 2 weeks"."""
    text = label(window)
    return text[:1].lower() + text[1:]


def _plan_state(state: PlanStateFilter) -> str:
    return {
        PlanStateFilter.NONE: tr("plan: none"),
        PlanStateFilter.DRAFT: tr("plan: draft"),
        PlanStateFilter.AGREED: tr("plan: agreed"),
        PlanStateFilter.ISSUED: tr("plan: issued"),
    }[state]


def active_filters(filters: CaseloadFilters, role: Role) -> list[str]:
    """The filters in force, in the order the window shows them, as short phrases."""
    words = []
    if filters.mine:
        words.append(
            tr("people I key-work only") if role is Role.PRISON_STAFF else tr("my caseload only")
        )
    if filters.release_window is not ReleaseWindow.ALL:
        words.append(_release_window(filters.release_window))
    if filters.pathway is not None:
        words.append(tr("open need in %1").replace("%1", label(filters.pathway)))
    if filters.plan_state is not None:
        words.append(_plan_state(filters.plan_state))
    if filters.readiness is not None:
        words.append(tr("readiness: %1").replace("%1", label(filters.readiness)))
    if filters.outcome_checks_due:
        words.append(tr("outcome checks due"))
    return words


def summary_text(words: list[str], include_closed: bool) -> str:
    """ "· Filtered: my caseload only", "· No filters"; with "Show closed cases" ticked, it says
    so ("closed cases shown"), though that hides nobody."""
    text = tr("· Filtered: %1").replace("%1", ", ".join(words)) if words else tr("· No filters")
    return text + tr("; closed cases shown") if include_closed else text


#: How much of a search the "Nobody matches" line quotes: a long one (a paste) is cut, so
#: the line never widens the window past the screen.
QUOTED_SEARCH_MAX = 40


def shortened(search: str) -> str:
    """The search as quoted back: at most :data:`QUOTED_SEARCH_MAX` characters, then "…"."""
    if len(search) <= QUOTED_SEARCH_MAX:
        return search
    return search[:QUOTED_SEARCH_MAX] + "…"


def no_match_text(
    search: str,
    filters: CaseloadFilters,
    role: Role,
    found_without_filters: bool,
    defaults: CaseloadFilters | None = None,
) -> str:
    """Why nobody is shown: the search, the filters in force (named), or both.

    ``found_without_filters``: whether anyone matches the search once the filters are
    cleared. When nobody does, the filters did not hide anyone and are not blamed. When the
    only filter is the role's own "my caseload only" (``defaults``: Clear filters keeps it),
    the advice is to untick it.
    """
    words = active_filters(filters, role)
    closed = "" if filters.include_closed else " " + tr("Closed cases are not searched.")
    if not words or not found_without_filters:
        if search:
            return tr("Nobody matches ‘%1’.").replace("%1", shortened(search)) + closed
        return tr("Nobody to show.")
    listed = ", ".join(words)
    own = defaults is not None and filters.mine and _same_filters(filters, defaults)
    if search:
        advice = (
            tr("Untick “%1” to search everyone.").replace("%1", _mine_box(role))
            if own
            else tr("Clear filters to search everyone.")
        )
        return (
            tr("Nobody matches ‘%1’ with these filters: %2.")
            .replace("%1", shortened(search))
            .replace("%2", listed)
            + " "
            + advice
        )
    advice = (
        tr("Untick “%1” to see everyone.").replace("%1", _mine_box(role))
        if own
        else tr("Clear filters to see everyone.")
    )
    return tr("Nobody matches these filters: %1.").replace("%1", listed) + " " + advice


def _same_filters(one: CaseloadFilters, other: CaseloadFilters) -> bool:
    """The same filters, whether closed cases are shown or not (that hides nobody)."""
    return one.model_copy(update={"include_closed": other.include_closed}) == other


def _mine_box(role: Role) -> str:
    """The "my own people" check box's words, as the filter bar shows them."""
    return tr("People I key-work only") if role is Role.PRISON_STAFF else tr("My caseload only")


class CaseloadSummaryLine(QWidget):
    """ "People in HMP Bristol you key-work · Filters: release in the next 2 weeks, plan: draft
    [Clear filters]". The button (Alt+R, or Tab to it) is enabled while a filter other than
    the role's own (``defaults``) hides people."""

    #: The user asked to clear the filters.
    clear_requested = Signal()

    def __init__(self, role: Role, establishment: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self._role = role
        self._establishment = establishment
        self.scope = QLabel()
        self.scope.setAccessibleName(self.tr("What the caseload shows"))
        self.scope.setStyleSheet("font-weight: bold")
        self.filters = QLabel()
        self.filters.setAccessibleName(self.tr("Filters in force"))
        self.filters.setWordWrap(True)  # a long "nobody matches" is read in full, never cut
        #: The role's own filters (an officer: "my caseload only"): Clear filters goes back
        #: to them, so it is offered only while the filters differ from them.
        self.defaults = CaseloadFilters()
        self.clear_button = QPushButton(self.tr("Clea&r filters"))
        self.clear_button.setToolTip(
            self.tr(
                "Back to where your caseload opens: every release date, pathway, plan state "
                "and readiness, and no search"
            )
        )
        self.clear_button.clicked.connect(self.clear_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scope)
        layout.addWidget(self.filters, stretch=1)
        layout.addWidget(self.clear_button)

    def show_filters(self, filters: CaseloadFilters) -> None:
        self.scope.setText(scope_text(self._role, filters.mine, self._establishment))
        words = active_filters(filters, self._role)
        self.filters.setText(summary_text(words, filters.include_closed))
        self.filters.setToolTip(self.filters.text())
        self.clear_button.setEnabled(bool(words) and not _same_filters(filters, self.defaults))

    def show_no_match(self, text: str) -> None:
        """Say why nobody is shown (``no_match_text``), where the filters are listed."""
        self.filters.setText("· " + text)
        self.filters.setToolTip(text)
