"""The project's browser fixtures (a real server in another process, Chromium), for the journeys of
staff, proposals and programmes."""

import pytest

from motcua.web.tests.browser.conftest import browser, pages, playwright, shoot, shots, site  # noqa: F401


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: end-to-end test in Chromium against a server in another process (slow)"
    )
