"""The demo proposals: every stage present for the province and each commune; a second run adds nothing."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command

from motcua.accounts.models import User
from motcua.proposals import selectors
from motcua.proposals.models import Proposal
from motcua.web.demo import demo_seed

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 4, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@time_machine.travel(NOW, tick=False)
def test_the_demo_proposals_fill_every_stage() -> None:
    demo_seed(actor=None, province_code=settings.MOTCUA_PROVINCE_CODE)
    call_command("seed_proposals_demo")
    call_command("seed_proposals_demo")
    assert sorted(Proposal.objects.values_list("unit__code", "status", "reopened", "late_answers")) == [
        ("24640", "assigned", 0, 0),
        ("24640", "assigned", 1, 1),
        ("24670", "answered", 0, 0),
        ("24688", "accepted", 0, 0),
        ("24688", "assigned", 0, 0),
        ("24688", "filed", 0, 0),
    ]
    board = selectors.dashboard(User.objects.get(username="tinh.giamsat"), now=NOW)
    assert (board.open, board.overdue, board.answered_late, board.reopened, board.waiting_for_commune) == (
        4,
        2,  # the software one and the reopened one
        1,
        1,
        1,
    )
    assert selectors.visible_proposals(User.objects.get(username="dakmil.lanhdao")).count() == 1
