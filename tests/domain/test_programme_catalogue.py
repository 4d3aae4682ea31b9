"""The programme catalogue: models refuse bad definitions naming the field, the shipped file
holds the eight programmes the issue names, and a corrupt file is refused clearly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.programmes.catalogue import Programme, ProgrammeCatalogue, SessionType
from resettle.domain.programmes.catalogue_file import (
    CatalogueFileInvalid,
    load_catalogue_file,
    parse_catalogue,
    shipped_catalogue,
)
from resettle.domain.validation import validate
from resettle.evidence.codes import Intensity
from resettle.evidence.loader import load_embedded_pack
from resettle.evidence.programme_links import link_problems


def programme_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": "TEST-PROG",
        "name": "Test programme",
        "provider": "HMPPS",
        "pathways": ["attitudes_thinking_behaviour"],
        "criminogenic_needs": ["antisocial_cognition"],
        "setting": "custody",
        "intensity": "moderate",
        "modules": [
            {
                "number": 1,
                "name": "Only module",
                "sessions": [
                    {"number": 1, "name": "Group", "session_type": "group", "minutes": 150},
                    {"number": 2, "name": "One", "session_type": "one_to_one", "minutes": 60},
                ],
            }
        ],
        "weeks_to_complete": {"minimum": 4, "maximum": 6},
    }
    data.update(changes)
    return data


def _fields(error: ValidationFailed) -> set[str]:
    return {problem.field.split(".")[0] for problem in error.problems}


def test_the_shipped_catalogue_holds_the_eight_programmes() -> None:
    catalogue = shipped_catalogue()
    codes = [programme.code for programme in catalogue.programmes]
    assert codes == [
        "BC-HIGH",
        "BC-MOD",
        "ALT-ONE-TO-ONE",
        "KAIZEN",
        "HORIZON",
        "BNM-PLUS",
        "BSR",
        "EDU-FS-ENGLISH-MATHS",
    ]
    names = " ".join(p.name for p in catalogue.programmes)
    for word in ("Building Choices", "Kaizen", "Horizon", "Becoming New Me+", "Recovery"):
        assert word in names


#: Building Choices as the HMPPS manage-and-deliver service seeds it (module, type, sessions):
#: moderate from V56, high from the earlier V55 that held the 12-module template.
GROUP, ONE = SessionType.GROUP, SessionType.ONE_TO_ONE
BC_MODULES = {
    "BC-HIGH": [
        ("Pre-group", ONE, 1),
        ("Getting ready", GROUP, 15),
        ("Getting ready: one-to-one", ONE, 1),
        ("Getting started", GROUP, 2),
        ("Getting started: one-to-one", ONE, 1),
        ("Managing myself", GROUP, 9),
        ("Managing myself: one-to-one", ONE, 1),
        ("Managing life's problems", GROUP, 7),
        ("Managing life's problems: one-to-one", ONE, 1),
        ("Managing people around me", GROUP, 9),
        ("Managing people around me: one-to-one", ONE, 1),
        ("Bringing it all together", GROUP, 4),
    ],
    "BC-MOD": [
        ("Pre-group", ONE, 1),
        ("Getting started", GROUP, 2),
        ("Getting started: one-to-one", ONE, 1),
        ("Managing myself", GROUP, 6),
        ("Managing myself: one-to-one", ONE, 1),
        ("Managing life's problems", GROUP, 4),
        ("Managing life's problems: one-to-one", ONE, 1),
        ("Managing people around me", GROUP, 6),
        ("Managing people around me: one-to-one", ONE, 1),
        ("Bringing it all together", GROUP, 3),
    ],
}


@pytest.mark.parametrize(
    ("code", "weeks", "groups", "one_to_ones"),
    [("BC-HIGH", (17, 25), 46, 6), ("BC-MOD", (10, 13), 21, 5)],
)
def test_building_choices_has_the_modules_and_sessions_of_the_delivery_service(
    code: str, weeks: tuple[int, int], groups: int, one_to_ones: int
) -> None:
    programme = shipped_catalogue().require(code)
    assert [
        (
            module.number,
            module.name,
            {s.session_type for s in module.sessions},
            len(module.sessions),
        )
        for module in programme.modules
    ] == [
        (number, name, {kind}, count)
        for number, (name, kind, count) in enumerate(BC_MODULES[code], start=1)
    ]
    types = [session.session_type for _, session in programme.session_templates()]
    assert (types.count(SessionType.GROUP), types.count(SessionType.ONE_TO_ONE)) == (
        groups,
        one_to_ones,
    )
    for module, session in programme.session_templates():
        expected = 150 if session.session_type is SessionType.GROUP else 60
        assert session.minutes == expected
        assert session.name.startswith(module.name)
    assert programme.weeks_to_complete is not None
    assert (programme.weeks_to_complete.minimum, programme.weeks_to_complete.maximum) == weeks
    # At 2 to 3 sessions a week the sessions fit the published weeks.
    assert weeks[0] * 2 <= len(types) <= weeks[1] * 3
    assert "manage-and-deliver" in programme.source


def test_only_building_choices_pre_group_modules_are_marked_pre_group() -> None:
    marked = [
        (programme.code, module.number, module.name)
        for programme in shipped_catalogue().programmes
        for module in programme.modules
        if module.pre_group
    ]
    assert marked == [("BC-HIGH", 1, "Pre-group"), ("BC-MOD", 1, "Pre-group")]


def test_building_choices_sessions_are_named_in_resettles_own_words() -> None:
    templates = shipped_catalogue().require("BC-MOD").session_templates()
    names = [session.name for _, session in templates]
    assert names[:4] == [
        "Pre-group: one-to-one session",
        "Getting started: group session 1 of 2",
        "Getting started: group session 2 of 2",
        "Getting started: one-to-one session",
    ]
    assert names[-1] == "Bringing it all together: group session 3 of 3"
    assert len(set(names)) == len(names)


def test_only_the_lengths_of_high_intensity_building_choices_are_approximate() -> None:
    # The moderate seed gives counts and lengths; the high-intensity seed counts only.
    assert shipped_catalogue().require("BC-MOD").approximate == {"eligibility"}
    high = shipped_catalogue().require("BC-HIGH")
    assert high.approximate == {"eligibility", "sessions"}
    assert "V55" in high.source and "lengths are approximate" in high.source


#: The session counts HMPPS publishes (Find and refer an intervention service), and the least
#: time to complete ("at least 6 months", "at least 12 months") in weeks:
#: (code, group sessions, one-to-one sessions, fewest weeks, cited file).
PUBLISHED_PLANS = [
    ("KAIZEN", 68, 11, 26, "kaizen-general-violence-offence.json @2f6f714f"),
    ("HORIZON", 31, 3, 26, "horizon.json @2f6f714f"),
    ("BNM-PLUS", 85, 7, 52, "becoming-new-me-plus-general-violence-offence.json @2acbd5b0"),
]


@pytest.mark.parametrize(("code", "groups", "one_to_ones", "weeks", "cited"), PUBLISHED_PLANS)
def test_kaizen_horizon_and_bnm_plus_have_the_published_session_counts(
    code: str, groups: int, one_to_ones: int, weeks: int, cited: str
) -> None:
    programme = shipped_catalogue().require(code)
    types = [session.session_type for _, session in programme.session_templates()]
    assert (types.count(GROUP), types.count(ONE)) == (groups, one_to_ones)
    # Each module is all group or all one-to-one, numbered 1..n, named in Resettle's words.
    for module in programme.modules:
        kinds = {session.session_type for session in module.sessions}
        assert len(kinds) == 1, module.name
        assert [s.number for s in module.sessions] == list(range(1, len(module.sessions) + 1))
        assert all(s.name.startswith(f"{module.name}: ") for s in module.sessions)
        assert not module.pre_group
    names = [session.name for _, session in programme.session_templates()]
    assert len(set(names)) == len(names)
    # Only the floor of the time to complete is published: no maximum is invented.
    assert programme.weeks_to_complete is not None
    assert programme.weeks_to_complete.minimum == weeks
    assert programme.weeks_to_complete.maximum is None
    assert "hmpps-find-and-refer-an-intervention-service" in programme.source
    assert cited in programme.source
    # Session lengths and modules are not published: still marked approximate.
    assert {"sessions", "modules"} <= programme.approximate
    assert "weeks_to_complete" not in programme.approximate
    assert "session length" in programme.source


def test_kaizen_models_supported_learning_as_one_to_one_and_says_what_is_unknown() -> None:
    kaizen = shipped_catalogue().require("KAIZEN")
    assert [(m.name, len(m.sessions)) for m in kaizen.modules] == [
        ("Core curriculum", 68),
        ("Supported learning", 11),
    ]
    assert "supported learning sessions as one-to-one" in kaizen.source
    assert "Getting Going" in kaizen.source and "not published" in kaizen.source


def test_bnm_plus_is_high_intensity_and_for_learning_disabilities_or_challenges() -> None:
    bnm = shipped_catalogue().require("BNM-PLUS")
    assert bnm.intensity.value == "high" and "intensity" not in bnm.approximate
    assert bnm.eligibility.ldc_suitability.value == "yes"
    assert "V112" in bnm.source


def test_unknown_facts_are_marked_not_invented() -> None:
    bsr = shipped_catalogue().require("BSR")
    assert bsr.weeks_to_complete is None
    assert {"sessions", "modules", "weeks_to_complete"} <= bsr.approximate
    assert "No published session count" in bsr.source
    assert len(bsr.session_templates()) == 1


def test_a_time_to_complete_may_give_only_its_floor() -> None:
    programme = validate(Programme, programme_data(weeks_to_complete={"minimum": 26}))
    assert programme.weeks_to_complete is not None
    assert programme.weeks_to_complete.maximum is None
    stored = programme.model_dump(mode="json")["weeks_to_complete"]
    assert stored == {"minimum": 26, "maximum": None}
    assert Programme.model_validate(programme.model_dump(mode="json")) == programme
    with pytest.raises(ValidationFailed) as caught:
        validate(Programme, programme_data(weeks_to_complete={"maximum": 30}))
    assert "weeks_to_complete" in _fields(caught.value)


def test_the_shipped_catalogue_links_only_to_what_the_evidence_pack_holds() -> None:
    pack = load_embedded_pack().pack
    for programme in shipped_catalogue().programmes:
        assert link_problems(programme, pack) == [], programme.code
    assert shipped_catalogue().require("BC-HIGH").evidence_intervention_id is not None


def test_a_linked_programme_has_the_setting_and_intensity_of_its_evidence() -> None:
    """The evidence pack item a programme links to is delivered where and as intensively as
    the programme (Horizon, moderate in custody, is not the high-intensity custody item)."""
    pack = load_embedded_pack().pack
    for programme in shipped_catalogue().programmes:
        if programme.evidence_intervention_id is None:
            continue
        item = pack.intervention(programme.evidence_intervention_id)
        assert item.setting.value == programme.setting.value, programme.code
        if programme.intensity.value in {i.value for i in Intensity}:  # not "not graded"
            assert item.intensity.value == programme.intensity.value, programme.code
    horizon = shipped_catalogue().require("HORIZON")
    assert horizon.evidence_intervention_id == "sexual-offending-treatment-custody-moderate"


def test_links_to_a_missing_intervention_or_need_are_named() -> None:
    pack = load_embedded_pack().pack
    programme = validate(
        Programme,
        programme_data(evidence_intervention_id="no-such-thing", criminogenic_needs=["housing"]),
    )
    fields = {problem.field for problem in link_problems(programme, pack)}
    assert fields == {"evidence_intervention_id", "criminogenic_needs"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "bc high"}, "code"),
        ({"pathways": []}, "pathways"),
        ({"pathways": ["housing"]}, "pathways"),
        ({"setting": "space"}, "setting"),
        ({"intensity": "extreme"}, "intensity"),
        ({"modules": []}, "modules"),
        (
            {
                "modules": [
                    {
                        "number": 1,
                        "name": "M",
                        "sessions": [
                            {"number": 1, "name": "S", "session_type": "pair", "minutes": 60}
                        ],
                    }
                ]
            },
            "modules",
        ),
        ({"weeks_to_complete": {"minimum": 9, "maximum": 3}}, "weeks_to_complete"),
        ({"eligibility": {"risk_levels": ["extreme"]}}, "eligibility"),
        ({"eligibility": {"offence_categories": ["jaywalking"]}}, "eligibility"),
        ({"eligibility": {"ldc_suitability": "maybe"}}, "eligibility"),
        ({"approximate": ["colour"]}, "approximate"),
    ],
)
def test_a_bad_definition_is_refused_naming_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(Programme, programme_data(**changes))
    assert field in _fields(caught.value), caught.value.problems


def test_the_messages_say_what_to_do() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(Programme, programme_data(code="bc high", pathways=[]))
    messages = {problem.field: problem.message for problem in caught.value.problems}
    assert messages["code"] == (
        "Code: capital letters and digits, words joined by hyphens, e.g. BC-HIGH"
    )
    assert messages["pathways"] == "Pathways: choose at least one pathway"


def test_a_bad_session_is_named_once_not_as_a_missing_module() -> None:
    data = programme_data()
    data["modules"][0]["sessions"][1]["session_type"] = "pair"
    with pytest.raises(ValidationFailed) as caught:
        validate(Programme, data)
    assert [p.field for p in caught.value.problems] == ["modules.0.sessions.1.session_type"]
    data = programme_data()
    data["modules"][0]["sessions"] = []
    with pytest.raises(ValidationFailed) as caught:
        validate(Programme, data)
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("modules.0.sessions", "Modules: a module needs at least one session")
    ]


def test_session_lengths_are_bounded() -> None:
    data = programme_data()
    data["modules"][0]["sessions"][0]["minutes"] = 0
    with pytest.raises(ValidationFailed) as caught:
        validate(Programme, data)
    assert caught.value.problems[0].field.startswith("modules.0.sessions.0.minutes")


def test_codes_are_never_reused_and_retiring_keeps_the_programme() -> None:
    programme = validate(Programme, programme_data())
    catalogue = ProgrammeCatalogue().add(programme)
    with pytest.raises(ValidationFailed) as caught:
        catalogue.add(programme)
    assert caught.value.problems[0].field == "code"
    retired = catalogue.set_active("TEST-PROG", False)
    assert retired.require("TEST-PROG").active is False
    assert retired.active() == ()
    with pytest.raises(ValidationFailed):
        retired.require("NOPE")


def test_the_stored_form_is_the_same_whatever_the_set_order() -> None:
    one = validate(Programme, programme_data(criminogenic_needs=["b_need", "a_need"]))
    two = validate(Programme, programme_data(criminogenic_needs=["a_need", "b_need"]))
    assert one.model_dump(mode="json") == two.model_dump(mode="json")
    assert one.model_dump(mode="json")["criminogenic_needs"] == ["a_need", "b_need"]
    assert Programme.model_validate(one.model_dump(mode="json")) == one


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "programmes.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_corrupt_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(CatalogueFileInvalid) as caught:
        load_catalogue_file(_write(tmp_path, '{"format_version": 1, "programmes": ['))
    assert "not JSON" in str(caught.value) and "programmes.json" in str(caught.value)
    with pytest.raises(CatalogueFileInvalid) as caught:
        load_catalogue_file(tmp_path / "missing.json")
    assert "cannot be read" in str(caught.value)
    with pytest.raises(CatalogueFileInvalid, match="format_version"):
        parse_catalogue({"programmes": []})
    with pytest.raises(CatalogueFileInvalid, match="JSON object"):
        parse_catalogue([1, 2])


def test_a_file_with_a_bad_programme_names_the_field(tmp_path: Path) -> None:
    bad = programme_data(setting="orbit")
    text = json.dumps({"format_version": 1, "programmes": [bad]})
    with pytest.raises(CatalogueFileInvalid) as caught:
        load_catalogue_file(_write(tmp_path, text))
    assert "programmes.0.setting" in str(caught.value)
    twice = json.dumps({"format_version": 1, "programmes": [programme_data(), programme_data()]})
    with pytest.raises(CatalogueFileInvalid, match="appears twice"):
        load_catalogue_file(_write(tmp_path, twice))


def test_a_good_file_loads(tmp_path: Path) -> None:
    text = json.dumps({"format_version": 1, "programmes": [programme_data()]})
    catalogue = load_catalogue_file(_write(tmp_path, text))
    assert catalogue.require("TEST-PROG").total_minutes == 210
