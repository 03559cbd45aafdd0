import pytest
from django.db import IntegrityError

from motcua.catalog.actions import catalog_seed, process_version_publish
from motcua.catalog.models import Procedure, ProcessVersion
from motcua.catalog.seed_data import PROCEDURES, StepSeed
from motcua.core.errors import InvalidInput

pytestmark = pytest.mark.django_db


def test_the_seeded_catalogue_has_every_seed_with_one_current_version() -> None:
    assert Procedure.objects.count() == len(PROCEDURES) >= 25
    assert ProcessVersion.objects.filter(current=True).count() == len(PROCEDURES)


def test_seeding_again_creates_nothing() -> None:
    assert catalog_seed() == 0


def test_publishing_a_new_version_keeps_the_old_one() -> None:
    procedure = Procedure.objects.get(code="1.001193")
    old = procedure.process_versions.get(current=True)
    steps = [StepSeed("Tiếp nhận", "receiving_officer", 20), StepSeed("Giải quyết", "handler", 80)]
    new = process_version_publish(procedure=procedure, steps=steps)
    assert (new.number, new.current) == (old.number + 1, True)
    old.refresh_from_db()
    assert old.current is False
    assert [(s.position, s.role, s.share) for s in new.steps.all()] == [
        (1, "receiving_officer", 20),
        (2, "handler", 80),
    ]
    assert old.steps.count() >= 2


def test_shares_must_add_up_to_100() -> None:
    procedure = Procedure.objects.get(code="1.001193")
    with pytest.raises(InvalidInput) as raised:
        process_version_publish(procedure=procedure, steps=[StepSeed("Giải quyết", "handler", 90)])
    assert raised.value.field == "steps"
    assert procedure.process_versions.filter(current=True).count() == 1


def test_the_database_refuses_two_current_versions() -> None:
    procedure = Procedure.objects.get(code="1.001193")
    with pytest.raises(IntegrityError):
        ProcessVersion.objects.create(procedure=procedure, number=99, current=True)
