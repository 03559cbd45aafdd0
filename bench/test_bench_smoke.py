"""Benchmarks are not tests: this only checks that they still run and still compare like with like."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from bench import bench_calendar


def test_calendar_bench_runs(tmp_path: Path) -> None:
    payload = bench_calendar.main(["--quick", "--seconds", "0.01"], results_dir=tmp_path)
    written = json.loads((tmp_path / "calendar.json").read_text(encoding="utf-8"))
    assert written["scenarios"] == payload["scenarios"]
    assert written["machine"]["cores"] > 0
    assert [row["scenario"] for row in written["scenarios"]] == ["N 1–10", "N 1–60", "catalogue mix"]
    for row in written["scenarios"]:
        assert row["ours_per_sec"] > 0
        assert row["naive_per_sec"] > 0
    assert written["agreement"]["checked"] > 0
    assert written["agreement"]["mismatch_count"] == 0


@pytest.mark.django_db
def test_intake_bench_writes_what_the_api_writes() -> None:
    """The in-process API run and the raw writer of the ceiling, on the test database: both number
    their dossiers 1..n on the same daily sequence, and the app accepts the raw hash chain as its own."""
    from django.db import connection, transaction

    from bench import bench_intake
    from motcua.dossiers.events import chain_breaks, event_hash
    from motcua.dossiers.models import DailySequence, Dossier, Event
    from motcua.interop.models import OutboxMessage

    officer_id, token = bench_intake.officer_create()
    api = bench_intake.inprocess_run(count=3, token=token, sections=True)
    assert api["submit"]["statuses"] == {"201": 3}
    assert api["accept"]["statuses"] == {"200": 3}
    assert api["submit"]["queries_by_kind"]["INSERT dossiers_dailysequence"] == 1
    assert api["submit"]["queries_by_kind"]["INSERT dossiers_dossier"] == 1
    assert api["accept"]["queries_by_kind"]["INSERT interop_outboxmessage"] == 1
    assert api["sections_per_pair"]["dossiers.actions.dossier_submit"]["calls_per_pair"] == 1

    with connection.cursor() as cursor:
        ids = bench_intake.raw_ids(cursor, officer_id)
        raw = [
            bench_intake.raw_intake(
                cursor, transaction.atomic, ids, index, adapt=connection.ops.adapt_datetimefield_value
            )[0]
            for index in (3, 4)
        ]
    codes = api["codes"] + raw
    assert [int(code.rsplit("-", 1)[1]) for code in codes] == [1, 2, 3, 4, 5]

    events = list(
        Event.objects.values_list(
            "dossier__code", "seq", "kind", "actor_id", "at", "data", "prev_hash", "hash"
        )
    )
    stored = bench_intake.Stored(
        dossiers=list(Dossier.objects.values_list("code", "status")),
        events=events,
        sequences=list(DailySequence.objects.values_list("agency_code", "day", "last")),
        outbox=OutboxMessage.objects.count(),
        tasks=0,  # the API's delivery tasks are enqueued on commit, which a test never reaches
    )
    check = bench_intake.verify(stored, answered=codes, accepted=5, tasks=False)
    assert check == {
        "dossiers": 5,
        "accepted": 5,
        "events": 10,
        "outbox": 5,
        "tasks": 0,
        "gap_free": True,
        "problems": [],
        "ok": True,
    }
    for dossier in Dossier.objects.filter(code__in=raw):
        assert chain_breaks(dossier, list(dossier.events.order_by("seq"))) == []
    sample: dict[str, Any] = {
        "code": "x",
        "seq": 2,
        "kind": "k",
        "actor_id": 7,
        "at": timezone.now(),
        "data": {"a": [1]},
    }
    assert bench_intake.event_hash(**sample, prev_hash="0" * 64) == event_hash(**sample, prev_hash="0" * 64)
    # A dossier nobody was answered for, a gap and a duplicate are caught.
    assert bench_intake.verify(stored, answered=codes[:4], accepted=5, tasks=False)["ok"] is False
    assert bench_intake.code_problems([codes[0], codes[2]]) == [
        f"{codes[0][:-5].replace('-', ' ')}: numbers not 1..2 (missing [2])"
    ]
    assert bench_intake.code_problems([codes[0], codes[0]])[0] == f"duplicate code {codes[0]}"


def test_address_bench_runs_and_agrees_with_the_peer(tmp_path: Path) -> None:
    from bench import bench_address

    payload = bench_address.main(["--quick", "--seconds", "0.01"], results_dir=tmp_path)
    assert [row["input"] for row in payload["runs"]] == ["full, with diacritics", "folded, no diacritics"]
    assert payload["runs"][0]["addresses"] == 502
    full = payload["agreement"]["full, with diacritics"]
    assert (full["checked"], full["differ_count"], full["peer_unanswered_count"]) == (502, 0, 0)
    for row in payload["runs"]:
        assert row["ours_per_sec"] > 0 and row["peer_per_sec"] > 0


def test_read_benches_run_over_http_on_postgresql(tmp_path: Path) -> None:
    """Tracking and the officials' pages on a tiny kept data set: every request answered as expected."""
    from bench import bench_pages, bench_tracking

    tracking = bench_tracking.main(
        ["--dossiers", "300", "--lookups", "30", "--clients", "1", "2"], results_dir=tmp_path
    )
    assert [row["path"] for row in tracking["runs"]] == [
        "HTTP, 1 client",
        "HTTP, 2 clients",
        "psycopg, same reads (ceiling)",
    ]
    for row in tracking["runs"]:
        assert row["wrong_answers"] == 0
        assert row["requests"] == 30
    assert tracking["statuses"]["1 clients"] == {"200": 27, "404": 3}

    pages = bench_pages.main(
        ["--dossiers", "300", "--requests", "6", "--messages", "3"], results_dir=tmp_path
    )
    assert len(pages["runs"]) == 11
    assert {row["path"]: row["not_200"] for row in pages["runs"]} == {row["path"]: 0 for row in pages["runs"]}
    assert len(pages["web_workers"]) == 2
    assert all(worker["rss_mb"] > 0 for worker in pages["web_workers"])
    assert pages["background_worker"]["messages"] == 3
