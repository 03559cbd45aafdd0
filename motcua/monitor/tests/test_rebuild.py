"""The counters the transitions keep equal those a rebuild computes from the event log."""

from typing import Any

import pytest
from django.core.management import call_command

from motcua.monitor.models import COUNTERS, DailyCounter, MonthlyCounter, OpenDossier
from motcua.monitor.tests.journeys import at, random_history
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db


def _table() -> dict[str, Any]:
    daily = {
        (r["unit_id"], r["procedure_id"], r["day"]): tuple(r[c] for c in COUNTERS)
        for r in DailyCounter.objects.values("unit_id", "procedure_id", "day", *COUNTERS)
    }
    monthly = {
        (r["unit_id"], r["field_id"], r["month"]): tuple(r[c] for c in COUNTERS)
        for r in MonthlyCounter.objects.values("unit_id", "field_id", "month", *COUNTERS)
    }
    open_rows = set(
        OpenDossier.objects.values_list(
            "dossier_id",
            "unit_id",
            "procedure_id",
            "status",
            "accepted",
            "accepted_at",
            "due_at",
            "original_due_at",
            "decision_due_at",
            "supplements",
            "supplement_at",
        )
    )
    return {"daily": daily, "monthly": monthly, "open": open_rows}


def test_rebuild_equals_the_live_counters_after_a_long_random_history(people: People) -> None:
    succeeded = random_history(people, steps=700, seed=766, start=at(2, 7, 30))
    live = _table()
    assert succeeded > 400
    # Every kind of counter was exercised, so the equality below means something.
    totals = {c: sum(row[i] for row in live["daily"].values()) for i, c in enumerate(COUNTERS)}
    for name in (
        "received_online",
        "received_in_person",
        "accepted",
        "not_accepted",
        "resolved_early",
        "resolved_late",
        "supplements",
        "extensions",
        "returned",
        "ratings",
        "withdrawn",
        "ended_in_time",
        "ended_late",
        "granted",
        "e_results",
    ):
        assert totals[name] > 0, name
    assert live["open"]

    call_command("rebuild_aggregates", verbosity=0)

    assert _table() == live


def test_rebuild_of_one_province_leaves_the_others_alone(people: People) -> None:
    random_history(people, steps=60, seed=1, start=at(2, 7, 30))
    before = _table()
    call_command("rebuild_aggregates", province=[1], verbosity=0)  # Hà Nội: nothing of ours
    assert _table() == before
