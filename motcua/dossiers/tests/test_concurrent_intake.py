"""Dossier codes under concurrent intake: separate processes, each with its own database
connection, submit to the same desk on the same day. Every code must be issued exactly once and
the numbers must run 1..N without a gap (on PostgreSQL in CI, on SQLite locally)."""

import multiprocessing
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connections

from motcua.dossiers.models import DailySequence, Dossier

PROCESSES = 4
PER_PROCESS = 15


def _intake(worker: int) -> list[str]:
    from django.db import OperationalError

    from motcua.dossiers.actions import dossier_submit
    from motcua.dossiers.tests.conftest import APPLICANT

    connections.close_all()  # never share the parent's socket
    codes = []
    for n in range(PER_PROCESS):
        for _attempt in range(50):
            try:
                dossier = dossier_submit(
                    actor=None,
                    procedure_code="1.001612",
                    competent_unit_code="24688",
                    applicant=APPLICANT,
                    idempotency_key=f"w{worker}-{n}",
                    now=datetime(2026, 11, 19, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
                )
                codes.append(dossier.code)
                break
            except OperationalError:  # SQLite: "database is locked" after the busy timeout; try again
                continue
    connections.close_all()
    return codes


@pytest.mark.usefixtures("reference_data_restored", "transactional_db")
def test_concurrent_processes_get_unique_gap_free_codes() -> None:
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(PROCESSES) as pool:
        results = pool.map(_intake, range(PROCESSES))
    codes = [code for worker_codes in results for code in worker_codes]
    total = PROCESSES * PER_PROCESS
    assert len(codes) == total
    assert sorted(codes) == [f"000.60.20.H36-261119-{n:04d}" for n in range(1, total + 1)]
    assert Dossier.objects.count() == total
    assert DailySequence.objects.get(agency_code="000.60.20.H36").last == total
