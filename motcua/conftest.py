"""Fixtures shared by the apps' tests."""

import pytest

from motcua.testing.personas import People, people_create


@pytest.fixture
def people(db: None) -> People:
    return people_create()
