"""The monitor bench still runs: its in-process part on a few generated dossiers in the test
database (the HTTP part needs PostgreSQL and gunicorn: `python -m bench.bench_monitor --quick`)."""

from datetime import date

import pytest

from bench import bench_monitor
from motcua.dossiers.generator import dossiers_generate
from motcua.monitor.models import MonthlyCounter
from motcua.units.models import Province


@pytest.mark.django_db
def test_monitor_bench_times_the_reads_on_generated_dossiers() -> None:
    report = dossiers_generate(
        provinces=[Province.objects.get(code=68)], until=date(2026, 11, 20), dossiers=300
    )
    assert report.dossiers == 300
    # The generator's signal counted them in bulk.
    assert sum(MonthlyCounter.objects.values_list("received_online", flat=True)) == report.by_channel[2]
    payload = bench_monitor.measure_selectors(repeat=2)
    assert (payload["dossiers"], payload["units_ranked"]) == (300, 3321)
    assert [s["scenario"] for s in payload["selectors"]] == [
        f"{bench_monitor.OVERVIEW}, month",
        f"{bench_monitor.OVERVIEW}, rolling year",
        "unit overview (Krông Nô), rolling year",
        f"{bench_monitor.NATIONAL}, rolling year",
    ]
    assert all(s["median_ms"] > 0 and s["p95_ms"] >= s["median_ms"] for s in payload["selectors"])
