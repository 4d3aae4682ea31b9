"""Words and colours the plan builder shows for the domain's plan codes, all translatable."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractButton, QApplication, QStyle, QWidget

from resettle.domain.action_repeats import WEEKDAY_NAMES, Repeat, RepeatEvery, repeat_dates
from resettle.domain.essentials import EssentialKind
from resettle.domain.pathways import Pathway
from resettle.domain.plan import (
    ActionOwner,
    ActionSource,
    ActionStatus,
    DueDate,
    DuePhrase,
    PersonAgreementMethod,
    PlanAction,
    PlanState,
    due_phrase,
    resolve_due,
)
from resettle.domain.plan_calendar import named_weekdays
from resettle.ui.common.calendar_labels import day_text
from resettle.ui.common.labels import date_text

NOT_SET = "—"

#: One colour per pathway (Okabe-Ito based: distinguishable with colour-blindness).
PATHWAY_COLOURS: dict[Pathway, str] = {
    Pathway.ACCOMMODATION: "#0072B2",
    Pathway.ATTITUDES_THINKING_BEHAVIOUR: "#D55E00",
    Pathway.CHILDREN_FAMILIES_COMMUNITIES: "#CC79A7",
    Pathway.DRUGS_ALCOHOL: "#E69F00",
    Pathway.EDUCATION_SKILLS_WORK: "#009E73",
    Pathway.FINANCE_ID: "#56B4E9",
    Pathway.HEALTH: "#882255",
}

STATE_COLOURS: dict[PlanState, tuple[str, str]] = {  # background, text
    PlanState.DRAFT: ("#eef1f5", "#30363d"),
    PlanState.AGREED: ("#e6f0fa", "#0b4a8b"),
    PlanState.ISSUED: ("#e7f4e8", "#0f5c18"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("PlanLabels", text)


def source_parts(source: ActionSource | None) -> list[tuple[str, str]]:
    """Where an action comes from, one (kind, detail) per link it holds: the release-day
    essential, support need, aftercare appointment and accepted recommendation."""
    if source is None:
        return []
    parts: list[tuple[str, str]] = []
    if source.essential_kind:
        kinds = {kind.value: kind.label for kind in EssentialKind}
        parts.append((tr("Release-day essential"), kinds.get(source.essential_kind, "")))
    if source.support_need_id is not None:
        parts.append((tr("Support need"), tr("on the Needs tab")))
    if source.recommendation_intervention_id:
        parts.append((tr("Accepted recommendation"), source.recommendation_intervention_id))
    if source.aftercare_referral_id is not None:
        parts.append((tr("Aftercare appointment"), tr("on the Aftercare tab")))
    return parts


def source_text(source: ActionSource | None) -> str:
    """The main thing an action comes from, in a word or two ("" for the officer's own)."""
    parts = source_parts(source)
    return parts[0][0] if parts else ""


def source_description(source: ActionSource | None) -> str:
    """Everything an action comes from, with details ("" for the officer's own)."""
    return "; ".join(
        f"{kind} ({detail})" if detail else kind for kind, detail in source_parts(source)
    )


def pathway_text(pathway: Pathway) -> str:
    return tr(pathway.label)


def pathway_colour(pathway: Pathway) -> QColor:
    return QColor(PATHWAY_COLOURS[pathway])


_icons: dict[Pathway, QIcon] = {}


def pathway_icon(pathway: Pathway, size: int = 12) -> QIcon:
    """A dot in the pathway's colour (for lists and choices)."""
    if pathway not in _icons:
        pixmap = QPixmap(size * 2, size * 2)
        pixmap.setDevicePixelRatio(2)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(pathway_colour(pathway))
        painter.drawEllipse(QPointF(size / 2, size / 2), size / 2 - 1, size / 2 - 1)
        painter.end()
        _icons[pathway] = QIcon(pixmap)
    return _icons[pathway]


def owner_text(owner: ActionOwner | None) -> str:
    if owner is None:
        return tr("No owner")
    return {
        ActionOwner.PRISON: tr("Prison"),
        ActionOwner.PROBATION: tr("Probation"),
        ActionOwner.PROVIDER: tr("Provider"),
        ActionOwner.PERSON: tr("The person"),
    }[owner]


def status_text(status: ActionStatus) -> str:
    return {
        ActionStatus.TO_DO: tr("To do"),
        ActionStatus.IN_PROGRESS: tr("In progress"),
        ActionStatus.DONE: tr("Done"),
        ActionStatus.NOT_NEEDED: tr("Not needed"),
    }[status]


def state_text(state: PlanState) -> str:
    return {
        PlanState.DRAFT: tr("Draft"),
        PlanState.AGREED: tr("Agreed"),
        PlanState.ISSUED: tr("Issued"),
    }[state]


def agreement_method_text(method: PersonAgreementMethod | None) -> str:
    if method is None:
        return NOT_SET
    return {
        PersonAgreementMethod.IN_PERSON: tr("in person"),
        PersonAgreementMethod.VIDEO: tr("by video call"),
        PersonAgreementMethod.PHONE: tr("by phone"),
        PersonAgreementMethod.IN_WRITING: tr("in writing"),
    }[method]


def days_text(days: int) -> str:
    return tr("1 day") if days == 1 else tr("%1 days").replace("%1", str(days))


def due_phrase_text(due: DueDate | None) -> str:
    """How the due date was set: "14 days before release", "Release day", "On a date"."""
    phrase, days = due_phrase(due)
    if phrase is DuePhrase.DAYS_BEFORE_RELEASE:
        return tr("%1 before release").replace("%1", days_text(days))
    if phrase is DuePhrase.RELEASE_DAY:
        return tr("Release day")
    if phrase is DuePhrase.DAYS_AFTER_RELEASE:
        return tr("%1 after release").replace("%1", days_text(days))
    if phrase is DuePhrase.ON_DATE:
        return tr("On a date")
    return tr("No date set")


def due_text(due: DueDate | None, release_date: dt.date | None) -> str:
    """The due column: "14 days before release (1 Jan 2027)", or the date for a fixed date."""
    if due is None:
        return tr("No date set")
    on = resolve_due(due, release_date)
    phrase, _days = due_phrase(due)
    if phrase is DuePhrase.ON_DATE:
        return date_text(on)
    resolved = date_text(on) if on is not None else tr("no release date yet")
    return tr("%1 (%2)").replace("%1", due_phrase_text(due)).replace("%2", resolved)


def _every_day(repeat: Repeat) -> str:
    """'Every Tuesday morning', 'Every other Friday'."""
    every = tr("Every %1") if repeat.every is RepeatEvery.WEEK else tr("Every other %1")
    day = tr(WEEKDAY_NAMES[repeat.weekday])
    if repeat.part_of_day is not None:
        day = tr("%1 %2").replace("%1", day).replace("%2", tr(repeat.part_of_day.value))
    return every.replace("%1", day)


def repeat_text(action: PlanAction, release_date: dt.date | None) -> str:
    """The due column of an action that repeats: "Every Tuesday morning, 1 Sep 2026 to 20 Oct
    2026", "Every other Friday, from 4 Sep 2026 until you start work", or (no release date
    yet) "Every Tuesday, from 7 days after release to 63 days after release"."""
    repeat = action.repeat
    assert repeat is not None
    start_day = resolve_due(action.due, release_date)
    dates = repeat_dates(repeat, start_day, release_date) if start_day is not None else None
    start = date_text(dates.first) if dates else due_phrase_text(action.due).lower()
    if repeat.until:
        span = tr("from %1 until %2").replace("%1", start).replace("%2", repeat.until)
    elif dates is not None and dates.last is not None:
        # The last time, not the end typed (a Tuesday end for Monday repeats), and how many.
        span = (
            tr("%1 to %2 (%3 times)")
            .replace("%1", start)
            .replace("%2", date_text(dates.last))
            .replace("%3", str(len(dates.times)))
        )
    else:
        end = due_phrase_text(repeat.ends).lower()
        span = tr("from %1 to %2").replace("%1", start).replace("%2", end)
    return tr("%1, %2").replace("%1", _every_day(repeat)).replace("%2", span)


def action_due_text(action: PlanAction, release_date: dt.date | None) -> str:
    """The due column: when it is due, or for an action that repeats, the series."""
    if action.repeat is not None:
        return repeat_text(action, release_date)
    return due_text(action.due, release_date)


def name_buttons(root: QWidget) -> None:
    """Give every button under ``root`` without an accessible name its caption as one
    (without the mnemonic's "&" or a trailing "…")."""
    for button in root.findChildren(QAbstractButton):
        if not button.accessibleName() and button.text():
            button.setAccessibleName(button.text().replace("&", "").rstrip("…").strip())


def short_hash(sha256: str) -> str:
    """The first and last few characters of a fingerprint, as people read them out."""
    return f"{sha256[:8]}…{sha256[-4:]}" if len(sha256) > 16 else sha256


def warning_icon() -> QIcon:
    """The style's warning sign, for a row that needs a second look."""
    app = QApplication.instance()
    style = app.style() if isinstance(app, QApplication) else None
    if style is None:
        return QIcon()
    return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


def weekday_mismatch_text(action: PlanAction, release_date: dt.date | None) -> str:
    """Why an action is marked: the weekdays its text names and the day it is due."""
    on = action.due_on(release_date)
    named = sorted(named_weekdays(action.what))
    names = (
        tr("Monday"),
        tr("Tuesday"),
        tr("Wednesday"),
        tr("Thursday"),
        tr("Friday"),
        tr("Saturday"),
        tr("Sunday"),
    )
    days = tr(" or ").join(names[n] for n in named)
    return (
        tr(
            "The action says %1 but is due on %2. Change the date or the words before the "
            "plan is agreed."
        )
        .replace("%1", days)
        .replace("%2", day_text(on) if on is not None else tr("no date"))
    )


def weekday_mismatch_line(row: int, action: PlanAction, release_date: dt.date | None) -> str:
    """'3. Go to the job club on Tuesday mornings: due Thursday 11 Jun 2026' for the list
    shown before agreeing (``row`` counts from 0, as the table's rows do)."""
    on = action.due_on(release_date)
    what = " ".join(action.what.split())
    what = what if len(what) <= 90 else what[:89] + "\u2026"
    return (
        tr("%1. %2: due %3")
        .replace("%1", str(row + 1))
        .replace("%2", what)
        .replace("%3", day_text(on) if on is not None else tr("no date"))
    )
