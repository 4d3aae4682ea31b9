"""The Programmes view's groups tab lists who is in the chosen group now (second user trial:
the treatment manager could not see a group's members without opening every referral). A
limited-access person the account may not see is counted, never named; a double-click opens
the person's window on the referral."""

from __future__ import annotations

from typing import Any

from resettle.domain.staff import Role
from resettle.services.programme_referral_places import give_group_place
from resettle.services.programme_referrals import refer_to_programme
from resettle.services.registration import register_person
from resettle.services.workspace import Workspace
from resettle.storage.tables.access import ALLOWED, PersonAccessRow
from resettle.ui.programmes.group_members_model import members_caption, members_model
from tests.background import wait_for_background
from tests.factories import another_person
from tests.programme_steps import assess_as_suitable
from tests.ui.programmes.test_programmes_window import Delivery, _open
from tests.ui.programmes.test_programmes_window import delivery as _delivery

delivery = _delivery


def _placed(workspace: Workspace, delivery: Delivery, team: Workspace, n: int) -> int:
    """Person ``n`` held at Moorland, referred, assessed and given a place in BC-1."""
    person = register_person(
        workspace.actor,
        workspace.uow(),
        another_person(n, establishment_id=delivery.moorland),
    ).id
    referral = workspace.run(refer_to_programme, person, {"programme_code": "BC-MOD"})
    revision = assess_as_suitable(team.run, referral, 1)
    team.run(give_group_place, referral, revision, delivery.group_id)
    return person


def test_the_groups_tab_lists_the_chosen_groups_members(
    qtbot: Any, workspace: Workspace, delivery: Delivery
) -> None:
    team = delivery.as_("v.team", Role.PROGRAMME_TEAM, establishment_id=delivery.moorland)
    first = _placed(workspace, delivery, team, 1)
    hidden = _placed(workspace, delivery, team, 2)
    with workspace.uow() as uow:
        row = uow.people.get(hidden)
        assert row is not None
        row.restricted = True
        uow.session.add(
            PersonAccessRow(person_id=hidden, staff_id=workspace.actor.id, kind=ALLOWED)
        )
        uow.commit()
    window = _open(qtbot, team)
    window.tabs.setCurrentIndex(1)
    wait_for_background(qtbot)
    rows = window.members.model.display_rows()
    assert [row[1:3] for row in rows] == [["B0001CC", "Assessed as suitable"]]
    assert rows[0][0] == "Zoë Ní Bhriain"
    assert window.members.caption.text() == (
        "In BC-1 now: 2 of 12 places taken; 1 other person you cannot see"
    )
    opened: list[tuple[int, int]] = []
    window.person_requested.connect(lambda p, r: opened.append((p, r)))
    window.members.select_source_row(0)
    window.members.view.doubleClicked.emit(window.members.view.currentIndex())
    assert opened and opened[0][0] == first
    window.close()


def test_the_members_caption_counts_people_not_seen(qtbot: Any) -> None:
    from resettle.domain.programme_group_places import GroupMembers

    none_seen = GroupMembers(group_id=1, group_code="G1", capacity=8, members=(), others=3)
    assert members_caption(none_seen) == (
        "In G1 now: 3 of 8 places taken; 3 other people you cannot see"
    )
    assert members_model().columnCount() == 4
