"""A realistic, entirely fictional `PlanDocument` for previews, tests and benchmarks."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from resettle.domain.pathways import Pathway
from resettle.domain.plan import (
    ActionOwner,
    ActionStatus,
    DueDate,
    PlanAction,
    PlanState,
    PlanVersion,
)
from resettle.domain.plan_document import (
    AftercareContact,
    AppointmentLine,
    ChecklistItem,
    CommunicationNeeds,
    EvidenceBasis,
    NeedLine,
    PersonDetails,
    PlanDocument,
    ProgrammeLine,
    RiskSummary,
    action_lines,
)

SAMPLE_RELEASE = date(2025, 3, 14)

_P = Pathway
_O = ActionOwner
_ACTIONS: tuple[tuple[Pathway, str, ActionOwner, int], ...] = (
    (
        _P.ACCOMMODATION,
        "Refer to Łukasz Wiśniewski at St Mungo's for an approved premises bed "
        "or supported housing in Leeds; send the housing needs assessment and risk summary.",
        _O.PROBATION,
        -42,
    ),
    (
        _P.FINANCE_ID,
        "Apply for a birth certificate so a bank account can be opened.",
        _O.PRISON,
        -35,
    ),
    (
        _P.FINANCE_ID,
        "Open a basic bank account with the prison bank-account scheme.",
        _O.PRISON,
        -21,
    ),
    (
        _P.HEALTH,
        "Register with a GP near the accommodation (Burley Park Medical Centre).",
        _O.PROVIDER,
        -14,
    ),
    (
        _P.DRUGS_ALCOHOL,
        "Confirm methadone dose and first community pharmacy pick-up with "
        "Forward Leeds so there is no gap in opioid substitution treatment.",
        _O.PROVIDER,
        -7,
    ),
    (_P.DRUGS_ALCOHOL, "Give a naloxone kit and show how to use it.", _O.PRISON, -1),
    (_P.ACCOMMODATION, "Go to the approved premises by 15:00.", _O.PERSON, 0),
    (_P.FINANCE_ID, "Make a Universal Credit claim online or at the Jobcentre.", _O.PERSON, 0),
    (
        _P.ATTITUDES_THINKING_BEHAVIOUR,
        "Attend the first Thinking Skills Programme session.",
        _O.PERSON,
        7,
    ),
    (
        _P.EDUCATION_SKILLS_WORK,
        "Meet the Jobcentre work coach about a CSCS card course.",
        _O.PERSON,
        10,
    ),
    (
        _P.CHILDREN_FAMILIES_COMMUNITIES,
        "Contact the children's social worker about supervised contact with Aoife and Niamh.",
        _O.PROBATION,
        14,
    ),
    (_P.HEALTH, "Book a mental health assessment with the community team.", _O.PROVIDER, 21),
    (
        _P.EDUCATION_SKILLS_WORK,
        "Enrol on the Level 1 English course at Leeds City College.",
        _O.PERSON,
        28,
    ),
)


def sample_actions(n_actions: int) -> tuple[PlanAction, ...]:
    """`n_actions` plausible actions, cycling through the templates above."""
    actions = []
    for i in range(n_actions):
        pathway, what, owner, offset = _ACTIONS[i % len(_ACTIONS)]
        round_no = i // len(_ACTIONS)
        actions.append(
            PlanAction(
                pathway=pathway,
                what=what if round_no == 0 else f"{what} (review {round_no})",
                owner=owner,
                due=DueDate.relative(offset + 7 * round_no),
                status=[ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.TO_DO][
                    min(2, max(0, offset // 10 + 2))
                ],
                position=i,
            )
        )
    return tuple(actions)


def sample_plan_document(
    n_actions: int = 13, *, printed_at: datetime | None = None, name: str = "Zoë Ní Bhriain"
) -> PlanDocument:
    """A fictional plan for Zoë Ní Bhriain, released from HMP New Hall to Leeds."""
    release = SAMPLE_RELEASE
    plan = PlanVersion(person_id=1, version=2, actions=sample_actions(n_actions))
    agreed = n_actions > 0  # a plan with no actions cannot be agreed
    return PlanDocument(
        person=PersonDetails(
            name=name,
            prison_number="A1234BC",
            crn="X123456",
            pnc="2019/0123456Z",
            date_of_birth=date(1991, 7, 23),
            establishment="HMP New Hall",
            release_date=release,
            release_type="Conditional release (licence)",
            responsible_officer="Łukasz Nowak",
            officer_contact="0113 496 0000 · lukasz.nowak@probation.example.gov.uk",
            officer_phone="0113 496 0000",
            key_worker="Siobhán O'Connor",
        ),
        risk=RiskSummary(
            score_used="OGRS3",
            score_source="Computed by Resettle from the case record on 3 Feb 2025",
            ogrs3_one_year="31%",
            ogrs3_two_year="47%",
            band="Medium",
            confirmed_level="Medium (confirmed by Łukasz Nowak, 4 Feb 2025)",
            rosh="Medium risk of serious harm to a known adult; low to the public",
        ),
        needs=(
            NeedLine(
                pathway=_P.ACCOMMODATION,
                status="Support required",
                severity="High",
                linked_to_offending=True,
                support_needs=("Place to sleep on the first night", "Housing referral"),
            ),
            NeedLine(
                pathway=_P.DRUGS_ALCOHOL,
                status="In progress",
                severity="High",
                linked_to_offending=True,
                support_needs=("Opioid substitution continuity", "Naloxone"),
            ),
            NeedLine(
                pathway=_P.FINANCE_ID,
                status="Support required",
                severity="Medium",
                support_needs=("Birth certificate", "Bank account", "Universal Credit"),
            ),
            NeedLine(
                pathway=_P.HEALTH,
                status="In progress",
                severity="Medium",
                support_needs=("GP registration", "Mental health assessment"),
            ),
            NeedLine(
                pathway=_P.EDUCATION_SKILLS_WORK,
                status="Support declined",
                severity="Low",
                support_needs=(),
            ),
        ),
        actions=action_lines(plan, release),
        checklist=(
            ChecklistItem(
                essential="A place to sleep on the first night",
                status="Arranged",
                detail="Approved premises, 12 Cardigan Road, Leeds LS6 1LF",
                done=True,
            ),
            ChecklistItem(
                essential="ID", status="In progress", detail="Birth certificate ordered 7 Feb"
            ),
            ChecklistItem(essential="Bank account", status="Not yet arranged"),
            ChecklistItem(
                essential="Medication and opioid substitution",
                status="Arranged",
                detail="7 days' supply; first pick-up at Boots, Headingley",
                done=True,
            ),
            ChecklistItem(essential="Naloxone", status="Arranged", done=True),
            ChecklistItem(
                essential="First probation appointment",
                status="Arranged",
                detail="Release day 14:00, Leeds Probation Office",
                done=True,
            ),
        ),
        appointments=(
            AppointmentLine(
                what="First probation appointment",
                on=release,
                time="14:00",
                place="Leeds Probation Office, Waterloo House, LS1 6AB",
                with_whom="Łukasz Nowak",
            ),
            AppointmentLine(
                what="Pharmacy: methadone pick-up",
                on=release,
                time="16:30",
                place="Boots, 38 North Lane, Headingley",
                with_whom="Pharmacist",
            ),
            AppointmentLine(
                what="Forward Leeds key-work session",
                on=release + timedelta(days=3),
                time="11:00",
                place="Forward Leeds, 58 Lower Briggate",
                with_whom="Dervla Ó Súilleabháin",
            ),
        ),
        aftercare=(
            AftercareContact(
                provider="Forward Leeds",
                service="Drug and alcohol treatment",
                contact="Dervla Ó Súilleabháin",
                phone="0113 887 2477",
            ),
            AftercareContact(
                provider="St Mungo's",
                service="Housing support",
                contact="Łukasz Wiśniewski",
                phone="0113 496 0123",
            ),
            AftercareContact(
                provider="Jobcentre Plus Leeds",
                service="Universal Credit",
                contact="Work coach team",
                phone="0800 328 5644",
            ),
        ),
        evidence=(
            EvidenceBasis(
                intervention="Thinking Skills Programme",
                finding="Less reoffending",
                rating="Effect: Overall reduction\nQuality: Strong",
                scheme="College of Policing Crime Reduction Toolkit",
                quality=3,
                citation="Sadlier, G. (2010). Evaluation of the impact of the HM "
                "Prison Service Enhanced Thinking Skills programme. MoJ Research "
                "Series 19/10.",
            ),
            EvidenceBasis(
                intervention="Opioid substitution treatment continuity",
                finding="Fewer deaths in the four weeks after release",
                rating="Effect: Effective",
                scheme="CrimeSolutions",
                quality=4,
                citation="Marsden, J. et al. (2017). Does exposure to opioid "
                "substitution treatment in prison reduce the risk of death after "
                "release? Addiction 112(8), 1408-1418.",
            ),
        ),
        evidence_pack_version="2025.02",
        rule_version="rnr-rules 1.3",
        plan_version=plan.version,
        state=PlanState.AGREED if agreed else PlanState.DRAFT,
        agreed_by="Łukasz Nowak" if agreed else "",
        agreed_at=datetime(2025, 2, 10, 11, 5) if agreed else None,
        agreed_by_person=agreed,
        person_agreed_on=date(2025, 2, 10) if agreed else None,
        person_agreed_how="In person, at HMP New Hall" if agreed else "",
        officer_notes=(
            "OFFICER NOTE: Zoë has asked that her mother is not contacted at the Harehills "
            "address; check the MAPPA decision before the address is shared.",
        ),
        programmes=(
            ProgrammeLine(
                programme="Building Choices (moderate intensity)",
                setting="Custody",
                where="HMP New Hall",
                started_on=date(2024, 3, 4),
                ended_on=date(2024, 9, 27),
                outcome="Completed",
            ),
            ProgrammeLine(
                programme="Kaizen",
                setting="Custody",
                where="HMP Low Newton",
                started_on=date(2023, 5, 2),
                ended_on=date(2023, 6, 20),
                outcome="Not completed",
                reason="Operational: transfer process",
            ),
            ProgrammeLine(
                programme="Becoming New Me+",
                setting="Custody",
                where="HMP New Hall",
                started_on=date(2025, 1, 6),
                expected_end_on=date(2025, 5, 30),
                outcome="In progress",
            ),
        ),
        communication=CommunicationNeeds(
            preferred_language="English",
            learning_disability=True,
            learning_notes="Reads short sentences; go through the plan with her.",
        ),
        printed_at=printed_at or datetime(2025, 2, 12, 9, 30),
    )
