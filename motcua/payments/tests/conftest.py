from collections.abc import Iterator

import pytest
from django.core.cache import cache

from motcua.registries.tests.conftest import fake_processes, fakes

__all__ = ["fake_processes", "fakes"]


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """The tracking budgets live in the cache: each test starts with none spent (the tests freeze
    the clock at the same minutes and reuse the same dossier codes)."""
    cache.clear()
    yield
    cache.clear()
