"""Which tabs of the person window an account sees, and which it may change: each tab by its
own permissions, never by one "may edit the person" for all.

Every tab class names its :class:`TabAccess` (``PersonTab.ACCESS``):

=====================  ======================  ===============================
tab                    shown with              editable with
=====================  ======================  ===============================
Profile                VIEW_PERSON             EDIT_PERSON
Risk                   VIEW_PERSON (level)     EDIT_RISK (details: VIEW_RISK_DETAILS)
Needs                  VIEW_PERSON             EDIT_NEEDS
Release day            VIEW_PERSON             EDIT_ESSENTIALS (prison staff too)
Aftercare              VIEW_PERSON             EDIT_REFERRALS
Notes                  VIEW_NOTES              ADD_NOTES
Recommendations        VIEW_PERSON             EDIT_PLAN
Plan                   VIEW_PERSON             EDIT_PLAN
Programmes             VIEW_PERSON             RECORD_PROGRAMME_HISTORY (prison staff too)
After release          VIEW_PERSON             RECORD_OUTCOME_CHECKS (officers only)
=====================  ======================  ===============================

What counts is what the account may do *to the open person* (``CaseRecord.permissions``: the
permissions of the roles that reach that person), not every role it holds: an officer who is
also prison staff sees a prisoner of their establishment who is not on their team as prison
staff would.

Hiding a tab is not security: the services refuse the same things (and do not return what
an account may not see); this keeps the screen to what the account may do.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from resettle.domain.permissions import Permission


@dataclass(frozen=True)
class TabAccess:
    #: Without it the tab is not in the window at all.
    view: Permission = Permission.VIEW_PERSON
    #: Without it the tab is read-only.
    edit: Permission = Permission.EDIT_PERSON
    #: Other permissions that also make the tab editable (the programme team moves programme
    #: referrals without referring: ``MANAGE_PROGRAMME_REFERRALS``).
    edit_also: frozenset[Permission] = frozenset()

    def shown_with(self, granted: Collection[Permission]) -> bool:
        """``granted``: what the account may do to the open person."""
        return self.view in granted

    def editable_with(self, granted: Collection[Permission]) -> bool:
        return self.view in granted and (
            self.edit in granted or any(p in granted for p in self.edit_also)
        )


def access_of(factory: object) -> TabAccess:
    """The access a tab class (or factory) names; the default for one that names none."""
    access = getattr(factory, "ACCESS", None)
    return access if isinstance(access, TabAccess) else TabAccess()


__all__ = ["TabAccess", "access_of"]
