"""Words for the demo case records: providers, note templates, need wording. All fictional."""

from __future__ import annotations

from resettle.domain.aftercare import ServiceType

PROVIDERS: list[tuple[str, str, list[ServiceType]]] = [
    ("Harbour Housing Trust", "01632 960101", [ServiceType.HOUSING_SUPPORT]),
    ("Council Housing Options Team", "01632 960102", [ServiceType.HOUSING_OPTIONS]),
    ("New Leaf Recovery Service", "01632 960103", [ServiceType.DRUG_TREATMENT]),
    ("Clearwater Alcohol Service", "01632 960104", [ServiceType.ALCOHOL_TREATMENT]),
    ("Northgate Employment Hub", "01632 960105", [ServiceType.EMPLOYMENT_SUPPORT]),
    ("Open Door College", "01632 960106", [ServiceType.EDUCATION_TRAINING]),
    ("Riverside Mentoring", "01632 960107", [ServiceType.MENTORING]),
    (
        "Citywide Money Advice",
        "01632 960108",
        [ServiceType.DEBT_ADVICE, ServiceType.BENEFITS_ADVICE],
    ),
    ("Jobcentre Prison Work Coach", "01632 960109", [ServiceType.BENEFITS_ADVICE]),
    ("Wellspring Community Mental Health Team", "01632 960110", [ServiceType.MENTAL_HEALTH]),
    ("Parkside Surgery", "01632 960111", [ServiceType.PRIMARY_CARE]),
    ("Family Bridges", "01632 960112", [ServiceType.FAMILY_SUPPORT]),
    ("Safe Haven Domestic Abuse Service", "01632 960113", [ServiceType.DOMESTIC_ABUSE_SUPPORT]),
    ("Turning Point Thinking Skills", "01632 960114", [ServiceType.BEHAVIOUR_PROGRAMME]),
]

NOTE_TEMPLATES = [
    "Met in custody. Discussed release address; {pronoun} hopes to return to family but this "
    "is not yet confirmed.",
    "Telephone call with key worker: engaging well on the wing, attending education sessions.",
    "Housing referral sent. Awaiting a decision before the pre-release meeting.",
    "Discussed licence conditions and the first appointment. {Pronoun} understood them and "
    "asked good questions.",
    "Drug treatment team confirmed they will see {them} on the day of release.",
    "ID application (birth certificate) submitted with the prison's help.",
    "Spoke about work: interested in construction; CSCS card course suggested.",
    "Family contact is improving; a visit is booked for next month.",
    "Bank account appointment arranged through the prison's resettlement team.",
    "Missed the video call because of a regime change on the wing; rebooked.",
    "Reviewed the plan together. {Pronoun} agreed the actions and the first-week timetable.",
    "GP registration form completed; surgery will confirm once released.",
]

CORRECTION = "Correction to the earlier note: the appointment is on Tuesday, not Monday."

NEED_NOTES = {
    "accommodation": "No settled address on release; previous tenancy ended during sentence.",
    "attitudes_thinking_behaviour": "Impulsive decisions under pressure; open to a programme.",
    "children_families_communities": "Wants to rebuild contact with children.",
    "drugs_alcohol": "History of heroin and crack use; on methadone in custody.",
    "education_skills_work": "No recent work; some literacy support needed.",
    "finance_id": "No bank account and no ID document.",
    "health": "Asthma; anxiety, on medication.",
}

SOURCES = ["OASys layer 3 assessment", "OASys review", "Pre-sentence report"]
