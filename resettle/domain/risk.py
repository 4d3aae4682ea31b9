"""Risk vocabulary shared by the case record, OGRS3 and the recommender."""

from __future__ import annotations

from enum import StrEnum


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"

    @property
    def rank(self) -> int:
        return _RISK_RANK[self]


_RISK_RANK = {RiskLevel.LOW: 0, RiskLevel.MEDIUM: 1, RiskLevel.HIGH: 2, RiskLevel.VERY_HIGH: 3}


class OffenceCategory(StrEnum):
    """The 20 OGRS3 offence categories (Howard et al. 2009; MoJ risk-actuarial code, Oct 2025)."""

    VIOLENCE = "violence"
    ROBBERY = "robbery"
    PUBLIC_ORDER = "public_order"
    SEXUAL_NOT_CHILD = "sexual_not_child"
    SEXUAL_CHILD = "sexual_child"
    SOLICITING_PROSTITUTION = "soliciting_prostitution"
    BURGLARY_DOMESTIC = "burglary_domestic"
    BURGLARY_OTHER = "burglary_other"
    THEFT_NON_MOTOR = "theft_non_motor"
    HANDLING_STOLEN_GOODS = "handling_stolen_goods"
    FRAUD_FORGERY = "fraud_forgery"
    ABSCONDING_BAIL = "absconding_bail"
    TAKING_DRIVING_AWAY = "taking_driving_away"
    THEFT_FROM_VEHICLES = "theft_from_vehicles"
    DRINK_DRIVING = "drink_driving"
    OTHER_MOTORING = "other_motoring"
    CRIMINAL_DAMAGE = "criminal_damage"
    DRUG_IMPORT_EXPORT_PRODUCTION = "drug_import_export_production"
    DRUG_POSSESSION_SUPPLY = "drug_possession_supply"
    OTHER_OFFENCE = "other_offence"

    @property
    def label(self) -> str:
        return OFFENCE_CATEGORY_LABELS[self]

    @property
    def is_sexual(self) -> bool:
        return self in (OffenceCategory.SEXUAL_NOT_CHILD, OffenceCategory.SEXUAL_CHILD)


OFFENCE_CATEGORY_LABELS: dict[OffenceCategory, str] = {
    OffenceCategory.VIOLENCE: "Violence",
    OffenceCategory.ROBBERY: "Robbery",
    OffenceCategory.PUBLIC_ORDER: "Public order",
    OffenceCategory.SEXUAL_NOT_CHILD: "Sexual (not against a child)",
    OffenceCategory.SEXUAL_CHILD: "Sexual (against a child)",
    OffenceCategory.SOLICITING_PROSTITUTION: "Soliciting or prostitution",
    OffenceCategory.BURGLARY_DOMESTIC: "Burglary (domestic)",
    OffenceCategory.BURGLARY_OTHER: "Burglary (other)",
    OffenceCategory.THEFT_NON_MOTOR: "Theft (non-motor)",
    OffenceCategory.HANDLING_STOLEN_GOODS: "Handling stolen goods",
    OffenceCategory.FRAUD_FORGERY: "Fraud and forgery",
    OffenceCategory.ABSCONDING_BAIL: "Absconding or bail offences",
    OffenceCategory.TAKING_DRIVING_AWAY: "Taking and driving away and related",
    OffenceCategory.THEFT_FROM_VEHICLES: "Theft from vehicles",
    OffenceCategory.DRINK_DRIVING: "Drink driving",
    OffenceCategory.OTHER_MOTORING: "Other motoring",
    OffenceCategory.CRIMINAL_DAMAGE: "Criminal damage",
    OffenceCategory.DRUG_IMPORT_EXPORT_PRODUCTION: "Drug import, export or production",
    OffenceCategory.DRUG_POSSESSION_SUPPLY: "Drug possession or supply",
    OffenceCategory.OTHER_OFFENCE: "Other offence",
}
