"""The demo applicants exist in the fake population database: typing one's ID number finds them."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import translation

from motcua.dossiers import actions
from motcua.dossiers.actions.intake import Applicant
from motcua.dossiers.states import Channel
from motcua.registries.actions import registry_lookup
from motcua.registries.management.commands.seed_registry_fakes import person_from_id
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 7, 14, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_sex_and_year_of_birth_come_from_the_id_number() -> None:
    man = person_from_id("067085123456", "Phạm Văn An", "Thôn 1, xã Krông Nô")
    woman = person_from_id("068302000001", "Lê Thị Bé", "Thôn 2")
    assert man is not None and (man["sex"], man["born"]) == ("1", "1985")
    assert woman is not None and (woman["sex"], woman["born"]) == ("2", "2002")
    assert person_from_id("067985123456", "x", "y") is None  # no such century digit


def test_a_demo_applicant_is_found_after_seeding(people: People, fakes: dict[str, str]) -> None:
    assert people.desk.user is not None
    applicant = Applicant(
        name="Phạm Văn An", national_id="067085123456", phone="0988000111", address="Thôn 1, xã Krông Nô"
    )
    actions.dossier_submit(
        actor=people.desk.user, procedure_code="1.001612", competent_unit_code="24688", applicant=applicant,
        channel=Channel.IN_PERSON, receiving_unit_code="24688", now=NOW,
    )  # fmt: skip
    out = StringIO()
    with translation.override("en"):
        call_command("seed_registry_fakes", stdout=out)
    assert out.getvalue().startswith("1 demo applicants in the population database")
    result = registry_lookup(
        actor=people.desk.user, registry="population", subject="067085123456", purpose="x", consent="at_desk",
        typed={"name": "Phạm Văn An", "born": "1985", "address": "Thôn 1, xã Krông Nô"}, now=NOW,
    )  # fmt: skip
    assert result.record is not None
    assert (result.record["name"], result.record["born"], result.differences) == ("Phạm Văn An", "1985", [])
