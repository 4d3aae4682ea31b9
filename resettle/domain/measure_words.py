"""A measure's figure in words, the same on the dashboard, in the report and on the command
line: "38 of 42 (90.5%), 5 excluded (3 unknown, 2 not recorded)".

The excluded are the people the measure looked at whose outcome it cannot count: an answer
of "unknown" (and, for employment, "unavailable for work", which the official measures also
leave out), or no check recorded at all. Both are said, so a gap in recording is never hidden
inside a percentage.
"""

from __future__ import annotations

from resettle.domain.measure_figures import Figure, Part
from resettle.domain.measures import Measure, MeasureKind, measure


def percent_text(percent: float | None) -> str:
    """ "90.5%"; "n/a" where nobody is counted (``Figure.percent`` is None: never a division
    by zero shown as 0%)."""
    return "n/a" if percent is None else f"{percent:.1f}%"


def excluded_noun(definition: Measure) -> str:
    """What the excluded are called for this measure."""
    if definition.outcome is not None and definition.outcome.answer == "employment":
        return "unknown or unavailable for work"
    return "unknown"


def figure_words(figure: Figure) -> str:
    """ "n of d (x%), k excluded (u unknown, m not recorded)": the excluded split into the
    answers of "unknown" (or "unavailable for work") and the checks not recorded, so neither
    is read as the other."""
    if figure.denominator is None:
        return f"{figure.numerator:,}"
    text = f"{figure.numerator:,} of {figure.denominator:,} ({percent_text(figure.percent)})"
    if figure.kind is MeasureKind.OUTCOME:
        unknown = figure.excluded - figure.not_recorded
        noun = excluded_noun(measure(figure.code))
        text += (
            f", {figure.excluded:,} excluded ({unknown:,} {noun}, "
            f"{figure.not_recorded:,} not recorded)"
        )
    return text


def national_words(definition: Measure) -> str:
    """ "84.0% (2024/25)", or that the measure is Resettle's own."""
    if definition.national is None:
        return "No national figure"
    return f"{definition.national.percent}% ({definition.national.year})"


PART_LABELS: dict[Part, str] = {
    Part.COHORT: "Everyone measured",
    Part.NUMERATOR: "Counted",
    Part.DENOMINATOR: "Out of",
    Part.EXCLUDED: "Excluded",
    Part.NOT_RECORDED: "Not recorded",
    Part.NOT_COUNTED: "Not counted",
    Part.UNKNOWN: "Unknown (or unavailable for work)",
}
