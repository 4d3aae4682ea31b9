"""Word lists the demo generator draws from. Every person made from them is fictional."""

from __future__ import annotations

from resettle.domain.risk import OffenceCategory

ESTABLISHMENTS: list[tuple[str, str]] = [
    ("BLI", "HMP Bristol"),
    ("LEI", "HMP Leeds"),
    ("WWI", "HMP Wandsworth"),
    ("STI", "HMP Styal"),
    ("CFI", "HMP Cardiff"),
    ("DMI", "HMP Durham"),
    ("BMI", "HMP Birmingham"),
    ("LPI", "HMP Liverpool"),
    ("NHI", "HMP New Hall"),
    ("EXI", "HMP Exeter"),
]
WOMENS_ESTABLISHMENTS = {"STI", "NHI"}

MALE_GIVEN = [
    "Łukasz", "James", "Mohammed", "Oliver", "Daniel", "Kofi", "Seán", "Tomasz", "Liam",
    "Jamal", "Aleksander", "Ryan", "Darren", "Connor", "Ifeanyi", "José", "Kieran", "Marek",
    "Ahmed", "Callum", "Dylan", "Wojciech", "Patrick", "Reece", "Jordan", "Hamza", "Lewis",
    "Nathan", "Craig", "Stefan", "Gareth", "Rhys", "Tyrone", "Bartłomiej", "Ciarán", "Mateusz",
]
FEMALE_GIVEN = [
    "Zoë", "Siobhán", "Chloé", "Aisha", "Emma", "Niamh", "Agnieszka", "Kayleigh", "Fatima",
    "Jade", "Gráinne", "Leanne", "Małgorzata", "Amara", "Sophie", "Chantelle", "Aoife", "Renée",
]
FAMILY = [
    "Ní Bhriain", "Nowak", "Smith", "Jones", "Khan", "Patel", "O'Brien", "Williams", "Kowalski",
    "Wiśniewski", "Okafor", "Begum", "Ó Súilleabháin", "Taylor", "Brown", "Davies", "Evans",
    "Müller", "Mensah", "Hussain", "Murphy", "García", "Thomas", "Roberts", "Lewandowski",
    "Walker", "Wright", "Jones-Whitfield", "Mac Giolla Phádraig", "Ali", "Nguyen", "Robinson",
    "Wood", "Hughes", "Green", "Adeyemi", "Zieliński", "Doyle", "Byrne", "Pryce",
]
OFFICER_GIVEN = [
    "Sarah", "David", "Priya", "Mark", "Helen", "Tunde", "Rachel", "Gwen", "Iain", "Bethan",
    "Femi", "Joanne", "Paul", "Nadia", "Graham", "Yasmin", "Owen", "Claire", "Dariusz", "Hannah",
]
OFFICER_FAMILY = [
    "Hartley", "Oduya", "McKenna", "Singh", "Llewellyn", "Fraser", "Whitaker", "Barnes",
    "Chowdhury", "Pearson", "Quinn", "Adebayo", "Marsh", "Kerr", "Lloyd", "Novak", "Ellis",
    "Harrington", "Bhatt", "Flynn",
]

# Rough shape of a prison-release population by index offence (weights, not statistics).
OFFENCE_WEIGHTS: list[tuple[OffenceCategory, int]] = [
    (OffenceCategory.VIOLENCE, 26),
    (OffenceCategory.THEFT_NON_MOTOR, 14),
    (OffenceCategory.DRUG_POSSESSION_SUPPLY, 12),
    (OffenceCategory.BURGLARY_DOMESTIC, 7),
    (OffenceCategory.BURGLARY_OTHER, 3),
    (OffenceCategory.ROBBERY, 6),
    (OffenceCategory.PUBLIC_ORDER, 4),
    (OffenceCategory.SEXUAL_NOT_CHILD, 3),
    (OffenceCategory.SEXUAL_CHILD, 2),
    (OffenceCategory.FRAUD_FORGERY, 4),
    (OffenceCategory.ABSCONDING_BAIL, 3),
    (OffenceCategory.CRIMINAL_DAMAGE, 3),
    (OffenceCategory.HANDLING_STOLEN_GOODS, 2),
    (OffenceCategory.OTHER_MOTORING, 2),
    (OffenceCategory.DRINK_DRIVING, 1),
    (OffenceCategory.TAKING_DRIVING_AWAY, 1),
    (OffenceCategory.THEFT_FROM_VEHICLES, 1),
    (OffenceCategory.DRUG_IMPORT_EXPORT_PRODUCTION, 1),
    (OffenceCategory.SOLICITING_PROSTITUTION, 1),
    (OffenceCategory.OTHER_OFFENCE, 4),
]
LANGUAGES = [("English", 88), ("Polish", 4), ("Urdu", 2), ("Romanian", 2), ("Welsh", 2),
             ("Arabic", 1), ("Irish", 1)]
