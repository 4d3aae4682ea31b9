"""The Risk tab's "Programme pathway" section: the programme needs identifier's items in their
four domains, the SARA levels, and the pathway they give with every term.

The pathway shown follows the boxes as they are edited (the domain's rule is pure, so the panel
works it out again from the unsaved items and the scores the record was read with); what is
saved is worked out again by the services when the record is read back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.case_record import RiskView
from resettle.domain.errors import ValidationFailed
from resettle.domain.programme_needs import (
    DOMAIN_ITEMS,
    DomainScoreReason,
    NeedBand,
    NeedDomain,
    PniInput,
    PniResult,
    PniRule,
    ProgrammePathway,
    RiskScoreName,
    RiskTerm,
    RiskTermStatus,
    SaraLevel,
    compute_pni,
)
from resettle.domain.programme_needs_record import ProgrammeNeedsRecord
from resettle.domain.validation import validate
from resettle.ui.common.views import note_label
from resettle.ui.common.wheel import wheel_only_when_focused
from resettle.ui.common.widgets import ChoiceCombo
from resettle.ui.person.form import Form, model_validator


class ProgrammeNeedsPanel(QGroupBox):
    """Items and SARA levels bound to ``form``; the computed pathway beside them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Programme pathway (programme needs identifier)"))
        self.form = Form(model_validator(ProgrammeNeedsRecord), self)
        self.combos: dict[str, ChoiceCombo] = {}
        #: The result for the record as read, and for the boxes as they are now.
        self.result: PniResult | None = None
        self._read_with: PniInput | None = None
        #: How many need items the boxes answer now.
        self._answered = 0
        self._build()
        self.form.changed.connect(self._recompute)

    # --- words ---------------------------------------------------------------------------
    def domain_words(self, domain: NeedDomain) -> str:
        return {
            NeedDomain.SEX: self.tr("Sex"),
            NeedDomain.THINKING: self.tr("Thinking"),
            NeedDomain.RELATIONSHIPS: self.tr("Relationships"),
            NeedDomain.SELF_MANAGEMENT: self.tr("Self-management"),
        }[domain]

    def item_words(self, name: str) -> str:
        return {
            "sexual_preoccupation": self.tr("Sexual preoccupation"),
            "offence_related_sexual_interests": self.tr("Offence-related sexual interests"),
            "emotional_congruence_with_children": self.tr("Emotional congruence with children"),
            "pro_criminal_attitudes": self.tr("Pro-criminal attitudes"),
            "hostile_orientation": self.tr("Hostile orientation"),
            "current_relationship_with_family": self.tr("Current relationship with family"),
            "previous_close_relationships": self.tr("Previous close relationships"),
            "easily_influenced_by_criminals": self.tr("Easily influenced by criminal associates"),
            "aggressive_controlling_behaviour": self.tr("Aggressive or controlling behaviour"),
            "impulsivity": self.tr("Impulsivity"),
            "temper_control": self.tr("Temper control"),
            "problem_solving_skills": self.tr("Problem-solving skills"),
            "difficulties_coping": self.tr("Difficulties coping"),
        }[name]

    def score_words(self, name: RiskScoreName) -> str:
        return {
            RiskScoreName.OGRS3: self.tr("OGRS3"),
            RiskScoreName.OVP: self.tr("OVP"),
            RiskScoreName.OSP_DC: self.tr("OSP/DC"),
            RiskScoreName.OSP_IIC: self.tr("OSP/IIC"),
            RiskScoreName.RSR: self.tr("RSR"),
            RiskScoreName.SARA_PARTNER: self.tr("SARA (partner)"),
            RiskScoreName.SARA_OTHER: self.tr("SARA (others)"),
        }[name]

    def rule_words(self, rule: PniRule) -> str:
        return {
            PniRule.MISSING_NEED_ITEMS: self.tr("Items that the pathway needs are not answered"),
            PniRule.NO_RISK_SCORES: self.tr("No risk score is recorded"),
            PniRule.OGRS3_AND_VIOLENCE_HIGH: self.tr("OGRS3 high with OVP or a SARA high"),
            PniRule.LOW_NEED_WITH_SARA: self.tr("Low need with a SARA medium or high"),
            PniRule.HIGH_NEED_HIGH_RISK: self.tr("High need and high risk"),
            PniRule.MEDIUM_NEED_HIGH_RISK: self.tr("Medium need and high risk"),
            PniRule.HIGH_NEED_MEDIUM_RISK: self.tr("High need and medium risk"),
            PniRule.MEDIUM_NEED_MEDIUM_RISK: self.tr("Medium need and medium risk"),
            PniRule.LOW_NEED: self.tr("Low need"),
            PniRule.LOW_RISK: self.tr("Low risk"),
        }[rule]

    def pathway_words(self, result: PniResult) -> str:
        P = ProgrammePathway
        return {
            P.HIGH_INTENSITY: self.tr("High intensity"),
            P.MODERATE_INTENSITY: self.tr("Moderate intensity"),
            P.ALTERNATIVE: self.tr("Alternative pathway"),
            P.MISSING_INFORMATION: self.tr("Missing information"),
        }[result.pathway]

    def band_words(self, band: Any) -> str:
        return {
            "low": self.tr("low"),
            "medium": self.tr("medium"),
            "high": self.tr("high"),
            "very_high": self.tr("very high"),
        }[str(band.value)]

    def status_words(self, status: RiskTermStatus) -> str:
        return {
            RiskTermStatus.COUNTED: "",
            RiskTermStatus.NOT_GIVEN: self.tr("not recorded"),
            RiskTermStatus.NOT_APPLICABLE: self.tr("not applicable"),
            RiskTermStatus.IGNORED_FOR_WOMEN: self.tr("not counted for women"),
            RiskTermStatus.IGNORED_OSP_PRESENT: self.tr("not counted: an OSP score is recorded"),
        }[status]

    # --- building ------------------------------------------------------------------------
    def _item_combo(self) -> ChoiceCombo:
        combo = ChoiceCombo()
        # The Risk tab scrolls: turning the wheel over the column of items scrolls the page
        # and changes no answer, unless the user is in the box.
        wheel_only_when_focused(combo)
        combo.set_choices(
            (
                (0, self.tr("0 No problems")),
                (1, self.tr("1 Some problems")),
                (2, self.tr("2 Significant problems")),
            ),
            self.tr("Not answered"),
        )
        return combo

    def _sara_combo(self) -> ChoiceCombo:
        combo = ChoiceCombo()
        wheel_only_when_focused(combo)
        combo.set_choices(
            (
                (SaraLevel.LOW, self.tr("Low")),
                (SaraLevel.MEDIUM, self.tr("Medium")),
                (SaraLevel.HIGH, self.tr("High")),
            ),
            self.tr("Not recorded"),
        )
        return combo

    def _domain_box(self, domain: NeedDomain) -> QGroupBox:
        box = QGroupBox(self.domain_words(domain))
        layout = QFormLayout(box)
        for name in DOMAIN_ITEMS[domain]:
            combo = self._item_combo()
            self.combos[name] = combo
            self.form.add_row(layout, name, self.item_words(name), combo)
        return box

    def _build(self) -> None:
        grid = QGridLayout(self)
        grid.addWidget(
            note_label(
                self.tr(
                    "Score each item 0, 1 or 2. OGRS3, OVP, OSP and RSR come from the scores "
                    "above; SARA is recorded here."
                )
            ),
            0,
            0,
            1,
            3,
        )
        left = QVBoxLayout()
        left.addWidget(self._domain_box(NeedDomain.SEX))
        left.addWidget(self._domain_box(NeedDomain.THINKING))
        sara = QGroupBox(self.tr("SARA (spousal assault risk)"))
        sara_layout = QFormLayout(sara)
        for name, words in (
            ("sara_partner", self.tr("Risk to &a partner")),
            ("sara_other", self.tr("Risk to &others")),
        ):
            combo = self._sara_combo()
            self.combos[name] = combo
            self.form.add_row(sara_layout, name, words, combo)
        left.addWidget(sara)
        left.addStretch(1)
        middle = QVBoxLayout()
        middle.addWidget(self._domain_box(NeedDomain.RELATIONSHIPS))
        middle.addWidget(self._domain_box(NeedDomain.SELF_MANAGEMENT))
        middle.addStretch(1)

        outcome = QGroupBox(self.tr("Pathway"))
        rows = QFormLayout(outcome)
        self.pathway = QLabel()
        self.pathway.setObjectName("pniPathway")
        font = self.pathway.font()
        font.setBold(True)
        self.pathway.setFont(font)
        self.rule = _wrapping()
        self.need = _wrapping()
        self.risk = _wrapping()
        self.terms = _wrapping()
        self.missing = _wrapping()
        rows.addRow(self.tr("Pathway"), self.pathway)
        rows.addRow(self.tr("Rule"), self.rule)
        rows.addRow(self.tr("Need"), self.need)
        rows.addRow(self.tr("Risk"), self.risk)
        rows.addRow(self.tr("Scores"), self.terms)
        self.missing_caption = QLabel(self.tr("Missing"))
        rows.addRow(self.missing_caption, self.missing)
        # The result's texts change length with every answer (the missing items shrink line
        # by line): they scroll within the height the items' columns give the row, so the
        # boxes never move as the user answers.
        result_area = QScrollArea()
        result_area.setWidget(outcome)
        result_area.setWidgetResizable(True)
        result_area.setFrameShape(QFrame.Shape.NoFrame)
        result_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        result_area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.result_area = result_area
        grid.addLayout(left, 1, 0)
        grid.addLayout(middle, 1, 1)
        grid.addWidget(result_area, 1, 2)
        grid.setColumnStretch(2, 1)

    # --- showing -------------------------------------------------------------------------
    def load(self, view: RiskView) -> None:
        """Show the items as saved and the pathway the record was read with."""
        self._read_with = view.pni.inputs if view.pni is not None else None
        self.form.load(view.programme_needs.model_dump())
        self._recompute()

    def show_view(self, view: RiskView) -> None:
        """A newer record while the boxes hold unsaved changes: its scores, the boxes kept."""
        self._read_with = view.pni.inputs if view.pni is not None else None
        self._recompute()

    def _recompute(self) -> None:
        if self._read_with is None:
            self.result = None
            self._show(None)
            return
        try:
            record = validate(ProgrammeNeedsRecord, self.form.values())
        except ValidationFailed:
            return
        risk = self._read_with.risk.model_copy(
            update={"sara_partner": record.sara_partner, "sara_other": record.sara_other}
        )
        self.result = compute_pni(
            PniInput(sex=self._read_with.sex, need_items=record.need_items(), risk=risk)
        )
        self._answered = record.answered
        self._show(self.result)

    def _show(self, result: PniResult | None) -> None:
        if result is None:
            for widget in (self.pathway, self.rule, self.need, self.risk, self.terms):
                widget.setText("")
            self.missing.setText("")
            return
        self.pathway.setText(self.pathway_words(result))
        self.rule.setText(f"{self.rule_words(result.rule)} ({result.rule.value})")
        parts = []
        for domain in result.domains:
            key = self.tr(" (key item)") if domain.reason is DomainScoreReason.KEY_ITEM else ""
            parts.append(
                self.tr("{domain}: total {total}, score {score}{key}").format(
                    domain=self.domain_words(domain.domain),
                    total=domain.total,
                    score=domain.score,
                    key=key,
                )
            )
        need = {
            NeedBand.LOW: self.tr("low"),
            NeedBand.MEDIUM: self.tr("medium"),
            NeedBand.HIGH: self.tr("high"),
        }[result.need_band]
        if self._answered == 0:
            # No need score is worked out from nothing: not "Need 0 of 8: low".
            self.need.setText(self.tr("Not worked out: no items answered"))
        else:
            self.need.setText(
                "\n".join(
                    [
                        *parts,
                        self.tr("Need {score} of 8: {band}").format(
                            score=result.need_score, band=need
                        ),
                    ]
                )
            )
        if result.risk_band is None:
            self.risk.setText(self.tr("No score counts"))
        else:
            self.risk.setText(
                self.tr("{band}, set by {scores}").format(
                    band=self.band_words(result.risk_band).capitalize(),
                    scores=", ".join(self.score_words(name) for name in result.risk_set_by),
                )
            )
        self.terms.setText("\n".join(self._term_text(term) for term in result.risk_terms))
        self.missing.setText("\n".join(self._missing_text(path) for path in result.missing))
        self.missing.setVisible(bool(result.missing))
        self.missing_caption.setVisible(bool(result.missing))

    def _term_text(self, term: RiskTerm) -> str:
        if term.percent is not None:
            given = f"{term.percent:g}%"
        elif term.level is not None:
            given = term.level.replace("_", " ")
        else:
            given = "–"
        band = self.band_words(term.band) if term.band is not None else ""
        note = self.status_words(term.status)
        tail = "; ".join(part for part in (band, note) if part)
        return f"{self.score_words(term.name)} {given}" + (f" ({tail})" if tail else "")

    def _missing_text(self, path: str) -> str:
        section, _, rest = path.partition(".")
        if section == "risk":
            return self.score_words(RiskScoreName(rest))
        domain, _, item = rest.partition(".")
        return f"{self.domain_words(NeedDomain(domain))}: {self.item_words(item)}"


def _wrapping() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    return label
