"""Stored rows of the case record to the domain's read models."""

from __future__ import annotations

from resettle.domain.aftercare import ReferralInput, ReferralStatusChange
from resettle.domain.case_record import CaseNoteView, ReferralView, SupportNeedView
from resettle.domain.essentials import ESSENTIAL_MODELS, Essential, EssentialKind
from resettle.domain.needs import PathwayNeedInput, SupportNeedStatus, SupportNeedStatusChange
from resettle.domain.pathways import Pathway
from resettle.domain.recorded_risk import RecordedScore, RoshAssessment
from resettle.domain.text_fields import STORED
from resettle.storage.tables.aftercare import ReferralRow
from resettle.storage.tables.essentials import EssentialRow
from resettle.storage.tables.needs import PathwayNeedRow, SupportNeedRow
from resettle.storage.tables.notes import CaseNoteRow
from resettle.storage.tables.risk import RecordedScoreRow, RoshRow

ESSENTIAL_COMMON = ("status", "action_date", "who", "notes")


def pathway_need(row: PathwayNeedRow | None, pathway: Pathway) -> PathwayNeedInput:
    if row is None:
        return PathwayNeedInput(pathway=pathway)
    return PathwayNeedInput.model_validate(
        {
            "pathway": row.pathway,
            "status": row.status,
            "severity": row.severity,
            "linked_to_offending": row.linked_to_offending,
            "notes": row.notes,
        },
        context=STORED,
    )


def support_need(row: SupportNeedRow) -> SupportNeedView:
    return SupportNeedView(
        id=row.id,
        code=row.code,
        pathway=Pathway(row.entry.pathway),
        label=row.entry.label,
        detail=row.detail,
        status=SupportNeedStatus(row.status),
        history=tuple(
            SupportNeedStatusChange.model_validate(
                {
                    "changed_by": h.changed_by,
                    "changed_at": h.changed_at,
                    "from_status": h.from_status,
                    "to_status": h.to_status,
                    "note": h.note,
                },
                context=STORED,
            )
            for h in row.history
        ),
    )


def essential(row: EssentialRow | None, kind: EssentialKind) -> Essential:
    model = ESSENTIAL_MODELS[kind]
    if row is None:
        return model(kind=kind)  # type: ignore[return-value]
    values = {name: getattr(row, name) for name in ESSENTIAL_COMMON}
    values.update(row.details or {})
    values["kind"] = kind
    return model.model_validate(values, context=STORED)  # type: ignore[return-value]


def essential_details(value: Essential) -> dict[str, object]:
    """The kind-specific fields, JSON-ready, for the ``details`` column."""
    return value.model_dump(mode="json", exclude={"kind", *ESSENTIAL_COMMON})


def referral(row: ReferralRow) -> ReferralView:
    return ReferralView(
        id=row.id,
        provider_name=row.provider.name,
        provider_phone=row.provider.phone,
        referral=ReferralInput.model_validate(
            {
                "provider_id": row.provider_id,
                "service_type": row.service_type,
                "contact": row.contact,
                "referral_date": row.referral_date,
                "appointment_date": row.appointment_date,
                "appointment_time": row.appointment_time,
                "status": row.status,
                "reason": row.reason,
            },
            context=STORED,
        ),
        history=tuple(
            ReferralStatusChange.model_validate(
                {
                    "changed_by": h.changed_by,
                    "changed_at": h.changed_at,
                    "from_status": h.from_status or h.to_status,
                    "to_status": h.to_status,
                    "reason": h.reason,
                },
                context=STORED,
            )
            for h in row.history
        ),
    )


def notes(rows: list[CaseNoteRow]) -> tuple[CaseNoteView, ...]:
    corrected_by: dict[int, list[int]] = {}
    for row in rows:
        if row.corrects_note_id is not None:
            corrected_by.setdefault(row.corrects_note_id, []).append(row.id)
    return tuple(
        CaseNoteView(
            id=row.id,
            author=row.author,
            created_at=row.created_at,
            pathway=Pathway(row.pathway) if row.pathway else None,
            text=row.text,
            corrects_note_id=row.corrects_note_id,
            corrected_by_ids=tuple(sorted(corrected_by.get(row.id, []))),
        )
        for row in rows
    )


def recorded_score(row: RecordedScoreRow) -> RecordedScore:
    return RecordedScore.model_validate(
        {
            "tool": row.tool,
            "percent": row.percent,
            "level": row.level,
            "assessed_on": row.assessed_on,
            "source": row.source,
        },
        context=STORED,
    )


def rosh(row: RoshRow | None) -> RoshAssessment | None:
    if row is None:
        return None
    return RoshAssessment.model_validate(
        {
            "children": row.children,
            "public": row.public,
            "known_adult": row.known_adult,
            "staff": row.staff,
            "prisoners": row.prisoners,
            "assessed_on": row.assessed_on,
            "source": row.source,
        },
        context=STORED,
    )
