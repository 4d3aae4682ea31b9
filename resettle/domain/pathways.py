"""The seven resettlement pathways, as one enum used everywhere.

Names follow the HMPPS Resettlement Passport (Reducing Re-offending National Action Plan 2004).
"""

from __future__ import annotations

from enum import StrEnum


class Pathway(StrEnum):
    ACCOMMODATION = "accommodation"
    ATTITUDES_THINKING_BEHAVIOUR = "attitudes_thinking_behaviour"
    CHILDREN_FAMILIES_COMMUNITIES = "children_families_communities"
    DRUGS_ALCOHOL = "drugs_alcohol"
    EDUCATION_SKILLS_WORK = "education_skills_work"
    FINANCE_ID = "finance_id"
    HEALTH = "health"

    @property
    def label(self) -> str:
        return PATHWAY_LABELS[self]


PATHWAY_LABELS: dict[Pathway, str] = {
    Pathway.ACCOMMODATION: "Accommodation",
    Pathway.ATTITUDES_THINKING_BEHAVIOUR: "Attitudes, thinking and behaviour",
    Pathway.CHILDREN_FAMILIES_COMMUNITIES: "Children, families and communities",
    Pathway.DRUGS_ALCOHOL: "Drugs and alcohol",
    Pathway.EDUCATION_SKILLS_WORK: "Education, skills and work",
    Pathway.FINANCE_ID: "Finance and ID",
    Pathway.HEALTH: "Health",
}
