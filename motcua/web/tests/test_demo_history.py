import io
import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction

from motcua.accounts.models import User
from motcua.dossiers.actions import dossier_accept
from motcua.dossiers.clock import timeliness
from motcua.dossiers.events import altered_dossiers
from motcua.dossiers.models import Dossier, Event, Extension, Rating, ResultCorrection, Supplement
from motcua.dossiers.selectors import dossier_queue
from motcua.dossiers.states import Channel, Status, Timeliness
from motcua.interop.models import OutboxMessage
from motcua.units.models import Unit
from motcua.units.selectors import calendar_for_province
from motcua.web.demo_history import (
    DEMO_POPULATION,
    RATE_PER_1000,
    TAIL,
    demo_history,
    expected_volume,
)

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
# A Friday morning: the demo year runs from 21 November 2025 to the day before.
TODAY = datetime(2026, 11, 20, 10, 0, tzinfo=VN)
SCALE = "0.02"
DEMO = {"24688": "krongno", "24640": "cujut", "24670": "dakmil"}


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    settings.MOTCUA_CA_DIR = str(tmp_path / "ca")
    return tmp_path


def _seed(*args: str) -> str:
    out = io.StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_the_volume_is_proportional_to_the_population() -> None:
    assert RATE_PER_1000 == 37.5
    assert expected_volume(40_000, 1.0) == 1500
    assert expected_volume(48_000, 0.5) == 900
    assert expected_volume(37_000, 0.02) == 28
    # A tiny demo still has one dossier in every open state.
    assert expected_volume(1_000, 0.02) == len(TAIL) == 8


def test_the_demo_year_goes_through_the_actions_and_leaves_every_queue_filled(media: Path) -> None:
    output = _seed("--dossiers-scale", SCALE)
    dossiers = list(Dossier.objects.select_related("competent_unit__province", "receiving_unit"))

    # Volume: 37.5 a year per 1,000 inhabitants, times the scale, per receiving commune.
    volumes = {code: expected_volume(DEMO_POPULATION[code], 0.02) for code in DEMO}
    assert volumes == {"24688": 28, "24640": 36, "24670": 30}
    assert len(dossiers) == 94
    assert Counter(d.receiving_unit.code for d in dossiers) == volumes
    assert "94 demo dossiers in" in output

    # Every history verifies, every code is unique and well formed, nothing happens after now.
    assert list(altered_dossiers()) == []
    codes = [d.code for d in dossiers]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"(\d{3}\.\d{2}\.\d{2}\.H36|G22\.99)-\d{6}-\d{4}", code) for code in codes)
    assert not Event.objects.filter(at__gt=TODAY).exists()
    assert min(d.received_at for d in dossiers) >= datetime(2025, 11, 21, tzinfo=VN)

    # Exact figures, reproducible from the seed.
    assert Counter(d.status for d in dossiers) == {
        Status.RETURNED: 53,
        Status.NOT_ACCEPTED: 4,
        Status.STOPPED: 6,
        Status.WITHDRAWN: 3,
        # One of each open state per commune: the last working day's tail.
        Status.NEW: 3,
        Status.ACCEPTED: 6,  # waiting for transfer, waiting for assignment
        Status.PROCESSING: 6,  # at the commune, at the department
        Status.PENDING_APPROVAL: 4,  # the tail's three, and a late one still waiting for the leader
        # 3 open ones, and 3 unanswered at reception: never closed automatically (Decree 118 Art.17).
        Status.SUPPLEMENT_REQUESTED: 6,
        Status.PROCESSED: 3,
    }
    assert Counter(d.channel for d in dossiers) == {
        Channel.ONLINE: 51,
        Channel.IN_PERSON: 42,
        Channel.POST: 1,
    }
    calendar = calendar_for_province(dossiers[0].competent_unit.province)
    assert Counter(timeliness(d, TODAY, calendar) for d in dossiers) == {
        Timeliness.EARLY: 21,
        # Withdrawn and stopped dossiers that were accepted are judged too (the 766 formula).
        Timeliness.ON_TIME: 38,
        Timeliness.LATE: 6,
        Timeliness.ON_TRACK: 18,
        Timeliness.OVERDUE: 1,  # the late one still waiting for the leader's approval
        None: 10,  # not accepted, withdrawn before acceptance, waiting for reception
    }
    assert Rating.objects.count() == 37
    # Art.23: in every commune a returned result is found wrong, reported by the desk and reissued
    # by the competent agency within its 3 working days, the wrong file kept beside the new one.
    corrections = list(ResultCorrection.objects.select_related("dossier__receiving_unit"))
    assert sorted(c.dossier.receiving_unit.code for c in corrections) == ["24640", "24670", "24688"]
    for correction in corrections:
        assert correction.reported_via == ResultCorrection.ReportedVia.DESK
        assert correction.corrected_at is not None and correction.corrected_at <= correction.due_at
        assert correction.dossier.attachments.filter(kind="result").count() == 2
    # A fee paid at the desk after the payment notice (code 6), and a conditional legal time chosen
    # at acceptance with its reason, in every commune.
    paid = Event.objects.filter(kind="payment_recorded").select_related("dossier__receiving_unit")
    assert {e.dossier.receiving_unit.code for e in paid} == {"24640", "24670", "24688"}
    assert all(e.data["method"] == "cash" for e in paid)
    conditional = Dossier.objects.filter(time_variant__code="xac_minh").exclude(time_variant_reason="")
    assert {d.receiving_unit.code for d in conditional} == {"24640", "24670", "24688"}

    # Boundary-free reception: dossiers for another demo commune and for the Department of Justice,
    # each transferred by the desk that received it.
    transferred = [d for d in dossiers if d.competent_unit_id != d.receiving_unit_id]
    assert {d.competent_unit.code for d in transferred} >= {"24688", "24640", "24670", "68.STP"}
    assert all(
        d.transferred_at is not None for d in transferred if d.accepted_at and d.status != Status.ACCEPTED
    )

    waiting_for_transfer = [d for d in transferred if d.status == Status.ACCEPTED and not d.transferred_at]
    assert len(waiting_for_transfer) == 3

    # Late dossiers, judged against their original due time.
    for dossier in dossiers:
        if timeliness(dossier, TODAY, calendar) == Timeliness.LATE:
            assert dossier.resolved_at and dossier.original_due_at
            assert dossier.resolved_at > dossier.original_due_at

    # Extensions with their apology, given at least one working day before the appointment; each
    # dossier is still late against the original due time but ready by the new appointment.
    extensions = list(Extension.objects.select_related("dossier"))
    assert sorted(e.dossier.receiving_unit_id for e in extensions) == sorted(
        Unit.objects.filter(code__in=DEMO).values_list("pk", flat=True)
    )
    for extension in extensions:
        assert calendar.working_hours_between(extension.at, extension.previous_due_at) >= 8
        assert extension.previous_due_at == extension.dossier.original_due_at
        assert extension.dossier.due_at == extension.new_due_at
        assert timeliness(extension.dossier, TODAY, calendar) == Timeliness.LATE
        assert extension.dossier.resolved_at is not None
        assert extension.dossier.resolved_at <= extension.new_due_at

    # A supplement during processing that restarted the clock.
    restarted = Supplement.objects.filter(stage=Supplement.Stage.PROCESSING, provided_at__isnull=False)
    assert restarted.exists()
    for supplement in restarted.select_related("dossier"):
        assert supplement.dossier.restarts == 1
        assert supplement.dossier.clock_started_at == supplement.provided_at
        assert supplement.previous_original_due_at != supplement.dossier.original_due_at
    supplements = Counter(
        (s.stage, s.provided_at is not None, s.closed_at is not None) for s in Supplement.objects.all()
    )
    processing, reception = Supplement.Stage.PROCESSING, Supplement.Stage.RECEPTION
    # (stage, provided, closed): closed ones went unanswered for 15 days, or the applicant gave up.
    assert supplements == {
        (reception, True, False): 3,
        # Unanswered at reception: still waiting, never closed automatically (Art.17 provides none).
        (reception, False, False): 3,
        (processing, True, False): 3,
        (processing, False, True): 3,
        (processing, False, False): 3,  # the tail: waiting for the applicant
    }

    # Every desk queue of every demo commune has work in it, and the department's handler too.
    for prefix in DEMO.values():
        desk = User.objects.get(username=f"{prefix}.tiepnhan")
        leader = User.objects.get(username=f"{prefix}.lanhdao")
        handler = User.objects.get(username=f"{prefix}.xuly")
        for actor, queue in [
            (desk, "decide"),
            (desk, "transfer"),
            (desk, "supplement"),
            (desk, "return"),
            (leader, "assign"),
            (leader, "approve"),
            (handler, "process"),
        ]:
            assert dossier_queue(actor=actor, queue=queue, now=TODAY).exists(), (actor.username, queue)
    stp = User.objects.get(username="stp.xuly")
    assert dossier_queue(actor=stp, queue="process", now=TODAY).exists()

    # The population estimates are the demo's own: the units' master data is left alone.
    assert Unit.objects.get(code="24688").population is None

    # Last year's applicants are not told anything today; new dossiers still are.
    assert not OutboxMessage.objects.exists()
    waiting = Dossier.objects.filter(receiving_unit__code="24688", status=Status.NEW).first()
    assert waiting is not None
    dossier_accept(actor=User.objects.get(username="krongno.tiepnhan"), dossier=waiting, now=TODAY)
    assert OutboxMessage.objects.exists()

    # Running the command again changes nothing.
    events = Event.objects.count()
    again = _seed("--dossiers-scale", SCALE)
    assert "already have dossiers" in again
    assert Dossier.objects.filter(receiving_unit__code__in=DEMO).count() == 94
    assert Event.objects.count() == events


def test_the_same_seed_gives_the_same_year(media: Path) -> None:
    _seed("--no-history")

    def play(seed: int) -> tuple[int, list[tuple[Any, ...]], list[str]]:
        with transaction.atomic():
            report = demo_history(scale=0.01, seed=seed, now=TODAY)
            rows = list(
                Dossier.objects.order_by("code").values_list(
                    "code", "procedure__code", "channel", "status", "applicant_name", "received_at"
                )
            )
            hashes = list(Event.objects.order_by("dossier__code", "seq").values_list("hash", flat=True))
            transaction.set_rollback(True)
        return report.created, rows, hashes

    first = play(7)
    assert first[0] == len(first[1]) == 47
    assert play(7) == first
    assert play(8)[1] != first[1]


def test_personas_only(media: Path) -> None:
    output = _seed("--no-history")
    assert "18 demo accounts ready" in output
    assert User.objects.filter(username="krongno.tiepnhan").exists()
    assert not Dossier.objects.exists()


def test_the_scale_must_be_positive(media: Path) -> None:
    with pytest.raises(CommandError):
        _seed("--dossiers-scale", "0")
