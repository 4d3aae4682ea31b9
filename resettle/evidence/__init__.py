"""The embedded evidence pack and the RNR recommender (no Qt, no storage).

Public API (import from here):

- Loading: ``load_embedded_pack()``, ``load_pack_file(path)``, ``parse_pack_bytes(data)``,
  ``load_pack_with_fallback(candidate, fallback)``; ``LoadedPack`` (``.pack``, ``.sha256``,
  ``.source``, ``.raw``, ``.metadata``); ``PackInvalid`` / ``PackProblem``.
- Importing a newer pack: ``check_import(current, candidate_bytes)``; ``PackImportRefused``.
- Recommending: ``CaseProfile``, ``parse_profile()``, ``recommend(profile, pack)``,
  ``Recommender``, ``RecommendationResult`` and its parts; ``RULE_VERSION``.

The recommending names are imported on first use (``__getattr__`` below): reading and checking
a pack (``resettle evidence validate``) needs none of them, and importing them builds a dozen
models. Add a new recommending name to the ``TYPE_CHECKING`` imports and to ``__all__``.
"""

import importlib
from typing import TYPE_CHECKING, Any

from resettle.evidence.loader import (
    LoadedPack,
    PackMetadata,
    load_embedded_pack,
    load_pack_file,
    load_pack_with_fallback,
    parse_pack_bytes,
)
from resettle.evidence.pack_import import check_import
from resettle.evidence.problems import PackImportRefused, PackInvalid, PackProblem
from resettle.evidence.schema import EvidencePack, EvidenceRecord, Intervention

if TYPE_CHECKING:
    from resettle.evidence.profile import (
        CaseProfile,
        PathwayNeed,
        ProfileInvalid,
        load_profile_json,
        parse_profile,
    )
    from resettle.evidence.recommender import RULE_VERSION, Recommender, recommend, recommender_for
    from resettle.evidence.results import (
        Action,
        EvidenceSummary,
        Exclusion,
        ExclusionCode,
        ExclusionReason,
        LicenceCondition,
        PathwayEvidenceNote,
        Precedence,
        Recommendation,
        RecommendationResult,
        ScoreTerm,
        SortKeys,
        TermCode,
        Tier,
    )

#: Where the recommending names live; the recommender imports the other two.
_RECOMMENDING = (
    "resettle.evidence.recommender",
    "resettle.evidence.profile",
    "resettle.evidence.results",
)

__all__ = [
    "RULE_VERSION",
    "Action",
    "CaseProfile",
    "EvidencePack",
    "EvidenceRecord",
    "EvidenceSummary",
    "Exclusion",
    "ExclusionCode",
    "ExclusionReason",
    "Intervention",
    "LicenceCondition",
    "LoadedPack",
    "PackImportRefused",
    "PackInvalid",
    "PackMetadata",
    "PackProblem",
    "PathwayEvidenceNote",
    "PathwayNeed",
    "Precedence",
    "ProfileInvalid",
    "Recommendation",
    "RecommendationResult",
    "Recommender",
    "ScoreTerm",
    "SortKeys",
    "TermCode",
    "Tier",
    "check_import",
    "load_embedded_pack",
    "load_pack_file",
    "load_pack_with_fallback",
    "load_profile_json",
    "parse_pack_bytes",
    "parse_profile",
    "recommend",
    "recommender_for",
]


def __getattr__(name: str) -> Any:
    """A recommending name from ``__all__``, imported now and kept for the next look-up."""
    if name in __all__:
        for module_name in _RECOMMENDING:
            module = importlib.import_module(module_name)
            if hasattr(module, name):
                value = getattr(module, name)
                globals()[name] = value
                return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
