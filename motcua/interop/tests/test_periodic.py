import logging
from io import StringIO

import pytest
from django.core.mail import EmailMessage
from django.core.management import CommandError, call_command
from django.utils import translation

from motcua.accounts.models import User
from motcua.dossiers.actions import dossier_accept
from motcua.dossiers.models import Dossier
from motcua.interop.models import OutboxMessage
from motcua.interop.periodic import periodic_round

pytestmark = pytest.mark.django_db


def closed_three(now: object = None) -> int:
    return 3


def test_run_periodic_once_delivers_due_messages_and_closes_expired_supplements(
    officer: User, dossier: Dossier, mailoutbox: list[EmailMessage], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("motcua.dossiers.actions.supplements_close_expired", closed_three, raising=False)
    dossier_accept(actor=officer, dossier=dossier)
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("run_periodic", "--once", stdout=out, stderr=err)
    # Other apps register jobs of their own; these are interop's and their outcomes.
    lines = out.getvalue().splitlines()
    assert lines[:4] == [
        "deliver_due_messages: 2",
        "supplements_close_expired: 3",
        "national_portal_inbound: 0",
        "national_portal_reconcile: 0",
    ]
    assert err.getvalue() == ""
    assert len(mailoutbox) == 1
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_a_failing_job_is_logged_and_the_others_still_run(caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> int:
        raise RuntimeError("database is locked")

    with caplog.at_level(logging.INFO, logger="motcua.periodic"):
        results = periodic_round(jobs=(("broken", broken), ("fine", lambda: 4)))
    assert results == {"broken": None, "fine": 4}
    assert [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "motcua.periodic"] == [
        ("ERROR", "Periodic job broken failed"),
        ("INFO", "Periodic job fine: 4"),
    ]


def test_run_periodic_reports_a_failed_job_and_keeps_going(monkeypatch: pytest.MonkeyPatch, db: None) -> None:
    def broken(now: object = None) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr("motcua.dossiers.actions.supplements_close_expired", broken, raising=False)
    out, err = StringIO(), StringIO()
    with translation.override("en"), pytest.raises(CommandError, match=r"^1 periodic job\(s\) failed\.$"):
        call_command("run_periodic", "--once", stdout=out, stderr=err)
    assert out.getvalue().splitlines()[:3] == [
        "deliver_due_messages: 0",
        "national_portal_inbound: 0",
        "national_portal_reconcile: 0",
    ]
    assert err.getvalue() == "supplements_close_expired failed, see the log.\n"


def test_the_monitoring_app_registers_its_daily_digest_once() -> None:
    from motcua.interop.periodic import JOBS, periodic_job_register
    from motcua.monitor.warnings import digest_send

    periodic_job_register("monitor_digest_send", digest_send)
    names = [name for name, _job in JOBS]
    assert names[:4] == [
        "deliver_due_messages",
        "supplements_close_expired",
        "national_portal_inbound",
        "national_portal_reconcile",
    ]
    assert names.count("monitor_digest_send") == 1
