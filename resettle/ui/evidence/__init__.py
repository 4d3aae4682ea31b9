"""Evidence screens: the person window's Recommendations tab, the evidence browser and
importing a newer evidence pack.

Entry points for the windows that host them:

- :class:`RecommendationsTab`: a :class:`~resettle.ui.common.person_tab.PersonTab` (list it in the
  person window's tabs);
- :func:`open_evidence_browser` ``(parent, workspace, intervention_id=None)``;
- :func:`import_pack_interactively` ``(parent, workspace, path=None)`` (administrators).
"""

from resettle.ui.evidence.browser import EvidenceBrowser, open_evidence_browser
from resettle.ui.evidence.pack_import import import_pack_interactively
from resettle.ui.evidence.recommendations_tab import RecommendationsTab

__all__ = [
    "EvidenceBrowser",
    "RecommendationsTab",
    "import_pack_interactively",
    "open_evidence_browser",
]
