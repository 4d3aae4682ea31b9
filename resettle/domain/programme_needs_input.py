"""Read a programme needs identifier input from parsed JSON, naming every field that is wrong.

The shape (``resettle pni --input FILE.json``)::

    {"sex": "male" | "female",
     "need_items": {"sex": {...3 items}, "thinking": {...2}, "relationships": {...4},
                    "self_management": {...4}},
     "risk": {"ogrs3": %, "ovp": %, "osp_dc": level, "osp_iic": level, "rsr": %,
              "sara_partner": level, "sara_other": level}}

Every section, item and risk score must be present; ``null`` means not answered (an item) or not
scored (a risk score), so a typing slip in a name is never read as "not answered". Items are the
whole numbers 0, 1 or 2; percentages are numbers from 0 to 100; booleans are refused.
Problems name the field by its path in the file (``need_items.thinking.pro_criminal_attitudes``).
"""

from collections.abc import Mapping
from typing import Any

from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.programme_needs import (
    DOMAIN_ITEMS,
    NeedDomain,
    OspLevel,
    PniInput,
    RiskScoreName,
    SaraLevel,
)
from resettle.domain.risk import Sex

PERCENT_SCORES = (RiskScoreName.OGRS3, RiskScoreName.OVP, RiskScoreName.RSR)
OSP_SCORES = (RiskScoreName.OSP_DC, RiskScoreName.OSP_IIC)
SARA_SCORES = (RiskScoreName.SARA_PARTNER, RiskScoreName.SARA_OTHER)
TOP_LEVEL = ("sex", "need_items", "risk")


def _choices(values: list[str]) -> str:
    return ", ".join(values[:-1]) + f" or {values[-1]}"


class _Reader:
    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []

    def problem(self, path: str, code: str, message: str) -> None:
        self.problems.append(FieldProblem(path, code, f"{path}: {message}"))

    def section(
        self,
        raw: Mapping[str, Any],
        key: str,
        path: str,
        known: tuple[str, ...],
        *,
        leaves: bool = True,
    ) -> dict[str, Any] | None:
        """``raw[key]`` as an object whose keys are exactly ``known``; None when unusable."""
        if key not in raw:
            self.problem(path, "missing", "is required")
            return None
        value = raw[key]
        if not isinstance(value, dict):
            self.problem(path, "not_object", "must be a JSON object")
            return None
        for name in value:
            if name not in known:
                self.problem(
                    f"{path}.{name}",
                    "unknown_field",
                    f"is not a field Resettle knows here (expected {_choices(list(known))})",
                )
        for name in known:
            if name not in value:
                hint = " (null if not known)" if leaves else ""
                self.problem(f"{path}.{name}", "missing", f"is required{hint}")
        return value

    def item(self, value: Any, path: str) -> None:
        if value is None or (type(value) is int and value in (0, 1, 2)):
            return
        self.problem(path, "bad_item", "must be 0, 1, 2 or null")

    def percent(self, value: Any, path: str) -> None:
        if value is None:
            return
        if type(value) in (int, float) and 0 <= value <= 100:
            return
        self.problem(path, "bad_percent", "must be a number from 0 to 100, or null")

    def level(self, value: Any, path: str, allowed: list[str]) -> None:
        if value is None or (isinstance(value, str) and value in allowed):
            return
        self.problem(path, "bad_level", f"must be {_choices([*allowed, 'null'])}")


def read_pni_input(raw: Any) -> PniInput:
    """The input in ``raw`` (parsed JSON), or ValidationFailed naming every wrong field."""
    reader = _Reader()
    if not isinstance(raw, dict):
        raise ValidationFailed.single("file", "not_object", "file: must be a JSON object")
    for name in raw:
        if name not in TOP_LEVEL:
            reader.problem(
                name,
                "unknown_field",
                f"is not a field Resettle knows (expected {_choices(list(TOP_LEVEL))})",
            )
    if "sex" not in raw:
        reader.problem("sex", "missing", "is required")
    elif raw["sex"] not in [sex.value for sex in Sex]:
        reader.problem("sex", "bad_sex", "must be male or female")
    domains = [domain.value for domain in NeedDomain]
    need_items = reader.section(raw, "need_items", "need_items", tuple(domains), leaves=False)
    if need_items is not None:
        for domain in NeedDomain:
            path = f"need_items.{domain.value}"
            if domain.value not in need_items:
                continue  # already reported
            items = reader.section(need_items, domain.value, path, DOMAIN_ITEMS[domain])
            for name, value in (items or {}).items():
                if name in DOMAIN_ITEMS[domain]:
                    reader.item(value, f"{path}.{name}")
    risk_names = tuple(name.value for name in RiskScoreName)
    risk = reader.section(raw, "risk", "risk", risk_names)
    if risk is not None:
        for score in PERCENT_SCORES:
            reader.percent(risk.get(score.value), f"risk.{score.value}")
        for score in OSP_SCORES:
            reader.level(risk.get(score.value), f"risk.{score.value}", [v.value for v in OspLevel])
        for score in SARA_SCORES:
            reader.level(risk.get(score.value), f"risk.{score.value}", [v.value for v in SaraLevel])
    if reader.problems:
        raise ValidationFailed(reader.problems)
    return PniInput.model_validate(raw)
