"""Fault trial (issue 16): NUL and oversized input through every service that takes text.

Every public use case with a text parameter (a ``str``, or data for an input model) is either
tried here (``TRIALS``: a NUL is refused naming the field, an oversized value too, and nothing
is saved: every table's row count is unchanged) or listed in ``NOT_STORED`` with the reason its
text never reaches a row. A new text-taking use case fails ``test_the_registry_is_complete``
until it is placed in one of the two.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pytest
from sqlalchemy import func, select

import resettle.services
from resettle.domain import clock
from resettle.domain.caseload import CaseloadQuery
from resettle.domain.errors import DomainError, ValidationFailed
from resettle.domain.measure_figures import Part
from resettle.domain.needs import SupportNeedStatus
from resettle.domain.staff import Actor, Role
from resettle.domain.subject_access import Period
from resettle.domain.text_fields import CheckedText
from resettle.services import (
    accounts,
    case_access,
    case_status,
    caseload,
    catalogue,
    disclosures,
    measures,
    outcome_checks,
    people,
    programme_history,
    programme_offerings,
    regions,
    retention,
    teams,
)
from resettle.services.case_record import aftercare, essentials, needs, notes, risk
from resettle.services.erasure.erase import erase_person
from resettle.services.plans import edit, officer_notes, printing
from resettle.services.recommendations import accept_recommendation
from resettle.services.subject_access.export import export_subject_access
from resettle.services.workspace import Workspace
from resettle.storage.base import Base
from tests.catalogue_words import PLAIN
from tests.factories import another_person, establishment, person_data, staff_member
from tests.services.conftest import CountingRunner
from tests.services.test_units_of_work import public_use_cases

TODAY = clock.today()
NUL = "Before\x00after"
OVERSIZED = "x" * 100_001  # longer than any text field allows


def _input_model_names() -> set[str]:
    def below(cls: type) -> set[type]:
        return {sub for child in cls.__subclasses__() for sub in {child, *below(child)}}

    return {model.__name__ for model in below(CheckedText)}


def _takes_text(annotation: str, module: Any, pattern: re.Pattern[str]) -> bool:
    """Whether the annotation names ``str`` or an input model, also through an alias
    (``PersonData = Mapping[str, Any] | PersonInput``)."""
    if pattern.search(annotation):
        return True
    try:
        resolved = eval(annotation, vars(module))  # our own annotations
    except Exception:
        return False
    return bool(pattern.search(str(resolved)))


def text_taking_use_cases() -> set[str]:
    """The public use cases with a parameter (after actor and uow) that takes text."""
    wanted = public_use_cases()
    models = _input_model_names()
    pattern = re.compile(r"\bstr\b|\b(" + "|".join(sorted(models)) + r")\b")
    found: set[str] = set()
    for info in pkgutil.walk_packages(resettle.services.__path__, "resettle.services."):
        module = importlib.import_module(info.name)
        for name, function in vars(module).items():
            if name not in wanted or not inspect.isfunction(function):
                continue
            if function.__module__ != module.__name__:
                continue
            parameters = list(inspect.signature(function).parameters.values())[2:]
            if any(_takes_text(str(p.annotation), module, pattern) for p in parameters):
                found.add(name)
    return found


@dataclass
class Scene:
    """A workspace with what the trials act on, each piece made when first asked for."""

    workspace: Workspace

    def run(
        self, use_case: Callable[..., Any], *args: Any, as_: Actor | None = None, **kw: Any
    ) -> Any:
        return CountingRunner(self.workspace, as_ or self.workspace.actor).run(
            use_case, *args, **kw
        )

    @cached_property
    def person(self) -> Any:
        return self.run(
            people.register_person, person_data(release_date=TODAY + dt.timedelta(days=60))
        )

    @cached_property
    def pid(self) -> int:
        return int(self.person.id)

    @cached_property
    def needs_revision(self) -> int:
        revision = self.run(
            needs.save_pathway_need,
            self.pid,
            0,
            {"pathway": "accommodation", "status": "support_required", "severity": "high"},
        )
        return int(
            self.run(
                needs.add_support_need, self.pid, revision, {"code": "help_to_find_accommodation"}
            )
        )

    @cached_property
    def need_id(self) -> int:
        from resettle.services.case_record import read

        revision = self.needs_revision
        assert revision
        return int(self.run(read.refresh_case_record, self.pid).needs[0].support_needs[0].id)

    @cached_property
    def provider_id(self) -> int:
        return int(self.run(aftercare.add_provider, {"name": "Harbour Housing"}).id)

    @cached_property
    def referral_id(self) -> int:
        return int(self.run(aftercare.add_referral, self.pid, _referral(self)))

    @cached_property
    def plan_revision(self) -> int:
        action = {"pathway": "accommodation", "what": "Bed", "owner": "probation"}
        return int(self.run(edit.save_plan, self.pid, None, [action]).revision)

    @cached_property
    def colleague_id(self) -> int:
        return staff_member(self.workspace, "trial.colleague").id

    @cached_property
    def establishment_id(self) -> int:
        return establishment(self.workspace, "TRE", "HMP Trial")

    @cached_property
    def region_id(self) -> int:
        return int(self.run(regions.create_region, "TRR", "Trial region", as_=self.admin).id)

    @cached_property
    def manager(self) -> Actor:
        return staff_member(self.workspace, "trial.manager", Role.MANAGER)

    @cached_property
    def admin(self) -> Actor:
        return staff_member(self.workspace, "trial.admin", Role.ADMIN)

    @cached_property
    def team_id(self) -> int:
        with self.workspace.uow() as uow:
            return int(uow.access.team_for_officer(self.workspace.actor.id, keep=None))


def _referral(scene: Scene, **text: str) -> dict[str, Any]:
    return {
        "provider_id": scene.provider_id,
        "service_type": "housing_support",
        "referral_date": TODAY,
        **text,
    }


@dataclass(frozen=True)
class Trial:
    field: str
    call: Callable[[Scene, str], Any]
    #: Make what the call acts on before counting rows (default: nothing).
    prepare: Callable[[Scene], Any] = lambda scene: None


TRIALS: dict[str, Trial] = {
    "register_person": Trial(
        "given_name",
        lambda s, t: s.run(people.register_person, another_person(5, given_name=t)),
    ),
    "update_person": Trial(
        "family_name",
        lambda s, t: s.run(
            people.update_person, s.pid, s.person.version, {**person_data(), "family_name": t}
        ),
        lambda s: s.pid,
    ),
    "add_case_note": Trial(
        "text", lambda s, t: s.run(notes.add_case_note, s.pid, {"text": t}), lambda s: s.pid
    ),
    "save_pathway_need": Trial(
        "notes",
        lambda s, t: s.run(
            needs.save_pathway_need,
            s.pid,
            0,
            {"pathway": "health", "status": "support_required", "notes": t},
        ),
        lambda s: s.pid,
    ),
    "add_support_need": Trial(
        "detail",
        lambda s, t: s.run(
            needs.add_support_need,
            s.pid,
            s.needs_revision,
            {"code": "help_to_find_accommodation", "detail": t},
        ),
        lambda s: s.needs_revision,
    ),
    "set_support_need_status": Trial(
        "note",
        lambda s, t: s.run(
            needs.set_support_need_status,
            s.need_id,
            s.needs_revision,
            SupportNeedStatus.IN_PROGRESS,
            note=t,
        ),
        lambda s: s.need_id,
    ),
    "save_essential": Trial(
        "notes",
        lambda s, t: s.run(
            essentials.save_essential,
            s.pid,
            0,
            {"kind": "gp_registration", "status": "to_do", "notes": t},
        ),
        lambda s: s.pid,
    ),
    "add_provider": Trial("name", lambda s, t: s.run(aftercare.add_provider, {"name": t})),
    "add_referral": Trial(
        "contact",
        lambda s, t: s.run(aftercare.add_referral, s.pid, _referral(s, contact=t)),
        lambda s: (s.pid, s.provider_id),
    ),
    "update_referral": Trial(
        "reason",
        lambda s, t: s.run(
            aftercare.update_referral,
            s.referral_id,
            0,
            _referral(s, status="accepted", reason=t),
        ),
        lambda s: s.referral_id,
    ),
    "record_outcome_check": Trial(
        "note",
        lambda s, t: s.run(
            outcome_checks.record_outcome_check,
            s.pid,
            {"point": "first_night", "checked_on": TODAY, "accommodation": "unknown", "note": t},
        ),
        lambda s: s.pid,
    ),
    "record_programme_entry": Trial(
        "programme_name",
        lambda s, t: s.run(
            programme_history.record_programme_entry,
            s.pid,
            {
                "programme_code": "TSP",
                "programme_name": t,
                "setting": "custody",
                "outcome": "in_progress",
            },
        ),
        lambda s: s.pid,
    ),
    "save_plan": Trial(
        "actions[0].what",
        lambda s, t: s.run(
            edit.save_plan,
            s.pid,
            None,
            [{"pathway": "accommodation", "what": t, "owner": "probation"}],
        ),
        lambda s: s.pid,
    ),
    "save_officer_notes": Trial(
        "officer_notes",
        lambda s, t: s.run(
            officer_notes.save_officer_notes,
            s.pid,
            s.plan_revision,
            {"officer_notes": t},
        ),
        lambda s: s.plan_revision,
    ),
    "close_case": Trial(
        "other_reason",
        lambda s, t: s.run(case_status.close_case, s.pid, {"reason": "other", "other_reason": t}),
        lambda s: s.pid,
    ),
    "add_catalogue_entry": Trial(
        "label",
        lambda s, t: s.run(
            catalogue.add_catalogue_entry,
            {"code": "trial_need", "pathway": "health", "label": t, **PLAIN},
            as_=s.manager,
        ),
        lambda s: s.manager,
    ),
    "relabel_catalogue_entry": Trial(
        "label",
        lambda s, t: s.run(
            catalogue.relabel_catalogue_entry, "help_to_find_accommodation", t, as_=s.manager
        ),
        lambda s: s.manager,
    ),
    "create_team": Trial(
        "name", lambda s, t: s.run(teams.create_team, "TRL", t, as_=s.admin), lambda s: s.admin
    ),
    "rename_team": Trial(
        "name", lambda s, t: s.run(teams.rename_team, s.team_id, t, as_=s.admin), lambda s: s.admin
    ),
    "set_team_office": Trial(
        "office_address",
        lambda s, t: s.run(
            teams.set_team_office,
            s.team_id,
            {"office_phone": "0113 496 0000", "office_address": t},
            as_=s.admin,
        ),
        lambda s: s.admin,
    ),
    "create_establishment": Trial(
        "name",
        lambda s, t: s.run(teams.create_establishment, "TRL", t, as_=s.admin),
        lambda s: s.admin,
    ),
    "create_region": Trial(
        "name", lambda s, t: s.run(regions.create_region, "TRL", t, as_=s.admin), lambda s: s.admin
    ),
    "grant_cover": Trial(
        "reason",
        lambda s, t: s.run(
            case_access.grant_cover,
            s.colleague_id,
            s.team_id,
            TODAY + dt.timedelta(days=7),
            t,
            as_=s.manager,
        ),
        lambda s: (s.manager, s.colleague_id, s.team_id),
    ),
    "set_person_access": Trial(
        "reason",
        lambda s, t: s.run(
            case_access.set_person_access,
            s.pid,
            restricted=True,
            allowed_staff_ids=[s.workspace.actor.id],
            excluded_staff_ids=[],
            reason=t,
            expected_revision=0,
            as_=s.manager,
        ),
        lambda s: (s.pid, s.manager),
    ),
    "keep_after_review": Trial(
        "reason",
        lambda s, t: s.run(
            retention.keep_after_review,
            s.pid,
            {"reason": t, "next_review_on": TODAY + dt.timedelta(days=30)},
            as_=s.manager,
        ),
        lambda s: (s.pid, s.manager),
    ),
    "save_retention_rule": Trial(
        "name",
        lambda s, t: s.run(
            retention.save_retention_rule,
            None,
            {"name": t, "counts_from": "release_date", "years": 2},
            as_=s.admin,
        ),
        lambda s: s.admin,
    ),
    "create_account": Trial(
        "display_name",
        lambda s, t: s.run(
            accounts.create_account,
            {
                "username": "trial.new",
                "display_name": t,
                "roles": ["officer"],
                "team_ids": [s.team_id],
                "temporary_password": "temporary-passphrase-33",
            },
            as_=s.admin,
        ),
        lambda s: s.admin,
    ),
    "record_score": Trial(
        "source",
        lambda s, t: s.run(
            risk.record_score,
            s.pid,
            0,
            {"tool": "ogrs3", "percent": 81, "assessed_on": dt.date(2024, 3, 1), "source": t},
        ),
        lambda s: s.pid,
    ),
    "record_rosh": Trial(
        "source",
        lambda s, t: s.run(
            risk.record_rosh,
            s.pid,
            0,
            {"assessed_on": dt.date(2024, 3, 1), "source": t, "public": "medium"},
        ),
        lambda s: s.pid,
    ),
    "confirm_risk": Trial(
        "reason",
        lambda s, t: s.run(risk.confirm_risk, s.pid, 0, {"level": "medium", "reason": t}),
        lambda s: s.pid,
    ),
    "record_disclosure": Trial(
        "recipient",
        lambda s, t: s.run(
            disclosures.record_disclosure,
            s.pid,
            {"justification": "mappa_meeting", "recipient": t, "justification_text": "L2"},
        ),
        lambda s: s.pid,
    ),
    "plan_pdf": Trial(
        "justification_text",
        lambda s, t: s.run(
            printing.plan_pdf,
            s.pid,
            reason={"justification": "other", "recipient": "Panel", "justification_text": t},
        ),
        lambda s: s.plan_revision,
    ),
    "rename_establishment": Trial(
        "name",
        lambda s, t: s.run(teams.rename_establishment, s.establishment_id, t, as_=s.admin),
        lambda s: (s.admin, s.establishment_id),
    ),
    "rename_region": Trial(
        "name",
        lambda s, t: s.run(regions.rename_region, s.region_id, t, as_=s.admin),
        lambda s: (s.admin, s.region_id),
    ),
    "set_case_flags": Trial(
        "flags",
        lambda s, t: s.run(risk.set_case_flags, s.pid, 0, [t]),
        lambda s: s.pid,
    ),
}

#: Use cases whose text is only looked up (compared, never stored): NUL or oversized text
#: finds nothing or is refused naming the field, and never raises anything but a domain error.
LOOKUPS: dict[str, Callable[[Scene, str], Any]] = {
    "list_caseload": lambda s, t: s.run(
        caseload.list_caseload, CaseloadQuery().model_copy(update={"search": t})
    ),
    "find_person_id": lambda s, t: s.run(people.find_person_id, t),
    "export_subject_access": lambda s, t: s.run(export_subject_access, t, Period(), as_=s.manager),
    "erase_person": lambda s, t: s.run(erase_person, t, "subject_request", as_=s.manager),
    "set_catalogue_entry_active": lambda s, t: s.run(
        catalogue.set_catalogue_entry_active, t, False, as_=s.manager
    ),
    "measure_people": lambda s, t: s.run(
        measures.measure_people,
        t,
        Part.DENOMINATOR,
        s.run(measures.measure_filters, TODAY, as_=s.manager),
        as_=s.manager,
    ),
    "accept_recommendation": lambda s, t: s.run(accept_recommendation, s.pid, t),
    "list_programme_offerings": lambda s, t: s.run(programme_offerings.list_programme_offerings, t),
}

#: Text-taking use cases neither tried nor looked up above, and why.
NOT_STORED: dict[str, str] = {
    # The same input model as a use case tried above (CheckedText checks the model, whichever
    # use case passes it).
    "correct_programme_entry": "ProgrammeHistoryInput, as record_programme_entry",
    "register_people": "PersonInput for each row, as register_person (one row)",
    "print_plan_to_file": "DisclosureReason, as plan_pdf",
    "save_plan_files": "DisclosureReason, as plan_pdf",
    "count_caseload": "CaseloadQuery, as list_caseload",
    "count_caseload_shown": "CaseloadQuery, as list_caseload",
    "caseload_csv": "CaseloadQuery, as list_caseload",
    "show_figure_people": "CaseloadQuery, as list_caseload",
    "agree": "AgreementInput (CheckedText): only dates, codes and a bool carry text",
    "save_ogrs3_inputs": "Ogrs3Inputs (CheckedText): dates and numbers only",
    "save_programme_needs": "ProgrammeNeedsRecord (CheckedText): scores and levels (codes)",
    "set_places": "AccountPlaces (CheckedText): ids only",
    "set_roles": "role codes, each refused unless a Role",
    "record_backup": "the backend's code, refused unless sqlite or postgresql",
    "record_restore_started": "the backend's code (refused unless sqlite or postgresql) and a "
    "revision read from a checked backup (audit details take codes only)",
    # Programme work needs a catalogue, an offering and a referral to stand up; the input
    # models (CheckedText) are fuzzed in tests/domain/test_input_models_fuzz.py.
    "add_programme": "Programme (CheckedText)",
    "change_programme": "Programme (CheckedText)",
    "set_programme_active": "a programme code, looked up",
    "create_offering": "OfferingDraft (CheckedText)",
    "create_group": "GroupDraft (CheckedText)",
    "refer_to_programme": "ReferInput (CheckedText)",
    "move_referral": "MoveInput (CheckedText)",
    "correct_last_move": "CorrectionInput (CheckedText)",
    "correct_mark": "MarkCorrection (CheckedText)",
    "completion_figures": "an establishment code, looked up",
    "list_establishment_referrals": "an establishment code and a status code, looked up",
    "referral_milestones_export": "an establishment code, looked up",
    "weekly_attendance_export": "an establishment code, looked up",
    "measure_filters": "team, establishment and officer codes, looked up",
    "caseload_report": "a scope's words for the report's heading, never stored",
    # Secrets: hashed or used to derive a key, never stored as text.
    "check_password": "a password, hashed",
    "change_password": "a password, hashed (password_policy refuses over 256 characters)",
    "reset_password": "a password, hashed",
    "record_encryption": "a password, checked and audited, never stored",
}


def test_the_registry_is_complete() -> None:
    taking = text_taking_use_cases()
    assert len(taking) > 50
    listed = set(TRIALS) | set(LOOKUPS) | set(NOT_STORED)
    assert sorted(taking - listed) == [], "add a trial, or say in NOT_STORED why not"
    assert sorted(listed - taking) == [], "no longer a text-taking use case"
    assert not set(TRIALS) & set(NOT_STORED)
    assert not set(LOOKUPS) & (set(TRIALS) | set(NOT_STORED))


def _row_counts(workspace: Workspace) -> dict[str, int]:
    with workspace.database.session_factory() as session:
        return {
            table.name: int(session.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


@pytest.mark.parametrize("bad", [NUL, OVERSIZED], ids=["nul", "oversized"])
@pytest.mark.parametrize("name", sorted(TRIALS))
def test_bad_text_is_refused_naming_the_field_and_nothing_is_saved(
    workspace: Workspace, name: str, bad: str
) -> None:
    trial = TRIALS[name]
    scene = Scene(workspace)
    trial.prepare(scene)
    before = _row_counts(workspace)
    with pytest.raises(ValidationFailed) as caught:
        trial.call(scene, bad)
    fields = [problem.field for problem in caught.value.problems]
    assert trial.field in fields, (name, caught.value.problems)
    assert "Before" not in str(caught.value)  # the message never quotes what was typed
    assert _row_counts(workspace) == before


@pytest.mark.parametrize("bad", [NUL, OVERSIZED], ids=["nul", "oversized"])
@pytest.mark.parametrize("name", sorted(LOOKUPS))
def test_bad_text_in_a_lookup_finds_nothing_or_is_refused(
    workspace: Workspace, name: str, bad: str
) -> None:
    """Never a raw exception (on PostgreSQL a NUL in a query parameter is a driver error)."""
    scene = Scene(workspace)
    scene.pid, scene.manager  # noqa: B018 - made before counting
    before = _row_counts(workspace)
    try:
        LOOKUPS[name](scene, bad)
    except DomainError as error:
        # a code looked up may be quoted, but not a NUL or 100,000 characters of it
        assert "\x00" not in str(error)
        assert len(str(error)) < 500
    assert _row_counts(workspace) == before
