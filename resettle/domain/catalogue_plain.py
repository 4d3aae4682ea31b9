"""The person's words for the default support-need catalogue: a plain-language title and one
sentence per entry, printed on the person's copy of a plan in place of the catalogue label
(short common words, second person, no acronyms).

Keyed by catalogue code, which is never renamed or reused. An entry an administrator adds has
none: an action made from it prints as the officer's copy does (its label is staff's own words).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from resettle.domain.pathways import Pathway


@dataclass(frozen=True)
class PlainWords:
    """A title for the person and one sentence saying what it means for them."""

    title: str
    sentence: str


_WORDS: dict[str, tuple[str, str]] = {
    "first_night_accommodation": (
        "A place to sleep on your first night",
        "We help you find somewhere safe to sleep on the day you leave.",
    ),
    "help_to_find_accommodation": (
        "Help to find somewhere to live",
        "We help you find a place to live for when you leave prison.",
    ),
    "home_adaptations_new": (
        "Changes to your new home",
        "We help arrange changes to your new home so it works for your needs.",
    ),
    "maintain_tenancy": (
        "Keeping your home while you are in prison",
        "We help you keep your home so you can go back to it when you leave.",
    ),
    "end_tenancy": (
        "Ending your tenancy",
        "We help you end your tenancy properly, so you do not build up rent you owe.",
    ),
    "mortgage_support": (
        "Help with your mortgage",
        "We help you deal with your mortgage while you are in prison.",
    ),
    "store_possessions": (
        "Storing your things",
        "We help you find somewhere to keep your things safe while you are in prison.",
    ),
    "rent_arrears_payment": (
        "Paying back rent you owe",
        "We help you set up a way to pay back rent you owe.",
    ),
    "manage_emotions": (
        "Help with your feelings",
        "You get help to understand and handle strong feelings like anger or worry.",
    ),
    "talking_therapy": (
        "Talking therapy",
        "You talk with a trained person about your feelings and worries.",
    ),
    "spiritual_support": (
        "Faith and spiritual support",
        "You can talk with someone from your faith, or about what you believe.",
    ),
    "mentoring_support": (
        "A mentor",
        "A mentor meets you to listen, give advice and help you stay on track.",
    ),
    "safeguarding_self": ("Keeping you safe", "We work with you to keep you safe from harm."),
    "safeguarding_someone_else": (
        "Keeping someone else safe",
        "We work with you to keep another person safe from harm.",
    ),
    "gambling_support": ("Help with gambling", "You get help to stop or cut down gambling."),
    "emotional_wellbeing": (
        "Support for how you feel",
        "You get support with your feelings and how you are coping.",
    ),
    "social_inclusion": (
        "Getting involved where you live",
        "We help you find groups and activities and meet people near where you live.",
    ),
    "mentoring_on_release": (
        "A mentor when you leave",
        "A mentor meets you after you leave to help you settle in.",
    ),
    "childrens_services_meetings": (
        "Support at meetings about your children",
        "Someone helps you get ready for meetings with children's services and can go with you.",
    ),
    "relationships_with_children": (
        "Staying close to your children",
        "We help you keep in touch with your children, or get back in touch.",
    ),
    "safeguarding_partner": (
        "Keeping a partner safe",
        "We work with you to keep a partner or past partner safe from harm.",
    ),
    "safeguarding_children": (
        "Keeping children safe",
        "We work with you to keep children safe from harm.",
    ),
    "domestic_abuse_survivors": (
        "Support if you have been abused at home",
        "A specialist service helps you if a partner or family member has hurt you.",
    ),
    "sexual_abuse_survivors": (
        "Support if you have been sexually abused",
        "A specialist service helps you if you have been sexually abused.",
    ),
    "sex_industry_support": (
        "Support if you have done sex work",
        "A specialist service helps you if you have worked in the sex industry.",
    ),
    "veterans_support": (
        "Support if you served in the forces",
        "A service for people who were in the armed forces helps you.",
    ),
    "care_leavers_support": (
        "Support if you grew up in care",
        "Your local council can help you if you were in care as a child.",
    ),
    "foreign_nationals_support": (
        "Support if you are not a British citizen",
        "We help you with questions about your right to stay and find support for you.",
    ),
    "recovery_team_immediate": (
        "Quick help from the drug recovery team",
        "The recovery team sees you quickly if you are at risk of an overdose.",
    ),
    "drug_support_in_prison": (
        "Help with drugs in prison",
        "The prison drug team helps you with your drug use while you are inside.",
    ),
    "alcohol_support_in_prison": (
        "Help with alcohol in prison",
        "The prison team helps you with your drinking while you are inside.",
    ),
    "drug_support_community": (
        "Help with drugs after you leave",
        "A drug service near where you live helps you after you leave.",
    ),
    "alcohol_support_community": (
        "Help with alcohol after you leave",
        "An alcohol service near where you live helps you after you leave.",
    ),
    "previous_services_contact": (
        "Getting back in touch with services you used",
        "We contact support services you used before prison, so they can help you again.",
    ),
    "prescriptions_on_release": (
        "Your medicine on the day you leave",
        "We arrange for your medicine to be ready on the day you leave.",
    ),
    "ete_advice": (
        "Advice about work, study and training",
        "You get advice about jobs, courses and training you could do.",
    ),
    "contact_previous_employer": (
        "Contacting your old employer",
        "We contact the employer you had before prison about work when you leave.",
    ),
    "contact_prospective_employer": (
        "Contacting a new employer",
        "We contact an employer who might give you work when you leave.",
    ),
    "help_to_find_job": ("Help to find a job", "We help you find a job to start when you leave."),
    "cv_support": (
        "Help to write down your skills and jobs",
        "We help you write or update a short list of your skills and jobs for employers.",
    ),
    "interview_preparation": (
        "Getting ready for job interviews",
        "We help you practise interviews and decide what to say about your past.",
    ),
    "contact_education_provider": (
        "Contacting your old college or course",
        "We contact the college or training place you went to before prison.",
    ),
    "bursaries_information": (
        "Money for courses",
        "We tell you about grants and other money that can pay for courses.",
    ),
    "find_education_training": (
        "Help to find a course",
        "We help you find a course or training to start when you leave.",
    ),
    "maths_english_support": (
        "Help with maths and English",
        "You get help to improve your reading, writing and maths.",
    ),
    "neurodiversity_support": (
        "Help if you learn or think differently",
        "You get support if things like dyslexia or autism make some tasks hard.",
    ),
    "reading_support": (
        "Help with reading",
        "Someone helps you with daily tasks that need reading, like letters and forms.",
    ),
    "open_bank_account": (
        "Opening a bank account",
        "We help you open a bank account before you leave.",
    ),
    "freeze_court_fines": (
        "Pausing your court fines",
        "We ask the court to pause your fines while you are in prison.",
    ),
    "identify_financial_obligations": (
        "Checking what money you owe",
        "We help you make a list of all the bills and money you owe.",
    ),
    "stop_debts_building": (
        "Stopping bills building up",
        "We help stop bills and payments building up while you are in prison.",
    ),
    "budget_support": (
        "Help to plan your money",
        "We help you plan how to spend your money each week.",
    ),
    "apply_for_id": (
        "Getting your identity documents",
        "We help you apply for documents that prove who you are.",
    ),
    "manage_debts": ("Help with debts", "We help you sort out your debts and any money you owe."),
    "existing_benefits": ("Help with your benefits", "We help you with benefits you already get."),
    "new_benefits_claim": (
        "Starting a benefits claim",
        "We help you start a new claim for benefits.",
    ),
    "physical_health_in_prison": (
        "Help with your health in prison",
        "The prison health team helps you with a health problem while you are inside.",
    ),
    "mental_health_in_prison": (
        "Help with your mental health in prison",
        "The prison mental health team helps you while you are inside.",
    ),
    "physical_health_community": (
        "Help with your health after you leave",
        "We link you to health services near where you will live.",
    ),
    "mental_health_community": (
        "Help with your mental health after you leave",
        "We link you to mental health services near where you will live.",
    ),
    "social_care_support": (
        "Help from social care",
        "Social care workers help you with everyday tasks at home.",
    ),
    "gp_registration": (
        "Signing up with a doctor",
        "We help you sign up with a doctor near where you will live.",
    ),
    "gp_appointment_on_release": (
        "A doctor's appointment for when you leave",
        "We book you an appointment with a doctor for soon after you leave.",
    ),
    "medical_letter": ("A letter from a doctor", "We ask a doctor for a letter about your health."),
}

#: Each pathway's "Other" entry: the officer's detail follows the title on the person's copy.
_OTHER_TITLES = {
    Pathway.ACCOMMODATION: "Other help with housing",
    Pathway.ATTITUDES_THINKING_BEHAVIOUR: "Other help with thinking and behaviour",
    Pathway.CHILDREN_FAMILIES_COMMUNITIES: "Other help with family and friends",
    Pathway.DRUGS_ALCOHOL: "Other help with drugs and alcohol",
    Pathway.EDUCATION_SKILLS_WORK: "Other help with work and learning",
    Pathway.FINANCE_ID: "Other help with money and documents",
    Pathway.HEALTH: "Other help with your health",
}
_OTHER_SENTENCE = "Your probation officer will talk with you about this help."

PLAIN_WORDS: Mapping[str, PlainWords] = MappingProxyType(
    {code: PlainWords(title, sentence) for code, (title, sentence) in _WORDS.items()}
    | {
        f"{pathway.value}_other": PlainWords(title, _OTHER_SENTENCE)
        for pathway, title in _OTHER_TITLES.items()
    }
)


def plain_words(code: str) -> PlainWords | None:
    """The person's words for a catalogue entry; None for one an administrator added."""
    return PLAIN_WORDS.get(code)
