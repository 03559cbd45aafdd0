from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages asserted in English, whatever the translations compiled (common rule)."""
    with translation.override("en"):
        yield
