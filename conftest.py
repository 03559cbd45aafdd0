"""Suite-wide test settings."""

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# CI runs the same examples every time (a failure there is reproducible); locally hypothesis explores.
settings.register_profile(
    "ci", max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The reference data every test may rely on, loaded once per test database: all provinces and
    units with their lineage, and the procedure catalogue. Tests run in transactions on top of it."""
    from motcua.catalog.actions import catalog_seed
    from motcua.units.actions import units_load

    with django_db_blocker.unblock():
        units_load()
        catalog_seed()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Name the browser tests' screenshot folder at the end of every run, also under xdist (whose
    controller never loads the browser tests' own conftest)."""
    from pathlib import Path

    folder = Path(os.environ.get("MOTCUA_SCREENSHOTS") or Path(__file__).parent / "var" / "screenshots")
    if folder.is_dir() and any(folder.iterdir()):
        terminalreporter.write_sep("-", f"browser test screenshots: {folder.resolve()}")
