"""Lookups in the population database, the business registry and the tax registry, each against
its fake served as its own process over HTTP (Decree 118 Art.17.1.a–b, Art.5.1.i; Decree 13/2023)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from motcua.accounts.models import User
from motcua.core.errors import InvalidInput, NotFound
from motcua.registries.actions import end_of_day, registry_cache_sweep, registry_lookup
from motcua.registries.models import CachedAnswer, RegistryLookup
from motcua.registries.tests.conftest import control
from motcua.testing.personas import APPLICANT, People, Persona
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 12, 7, 15, 30, tzinfo=VN)  # a Monday afternoon (24-hour times matter)


def u(persona: Persona) -> User:
    assert persona.user is not None
    return persona.user


def test_art_17_1_the_applicant_is_found_with_consent_and_the_lookup_is_logged(
    people: People, fakes: dict[str, str]
) -> None:
    result = registry_lookup(
        actor=u(people.desk),
        registry="population",
        subject=APPLICANT["national_id"],
        purpose="Đăng ký hộ kinh doanh",
        consent="at_desk",
        typed={"name": APPLICANT["name"], "address": APPLICANT["address"]},
        now=NOW,
    )
    assert result.outcome == "found"
    assert result.differences == []
    assert result.record is not None
    assert (result.record["name"], result.record["sex"], result.record["born"]) == (
        "Nguyễn Thị Lan",
        "female",
        "1990-03-15",
    )
    assert result.record["current_address"] == "Thôn 3, xã Krông Nô"
    row = RegistryLookup.objects.get()
    assert (row.registry, row.subject, row.actor, row.unit_id, row.consent, row.outcome) == (
        "population", "068190001234", u(people.desk), Unit.objects.get(code="24688").pk, "at_desk", "found",
    )  # fmt: skip
    assert row.from_cache is False
    with translation.override("en"):
        assert result.message == "Found in the registry."


def test_art_17_1_b_a_difference_is_shown_and_nothing_typed_is_changed(
    people: People, fakes: dict[str, str]
) -> None:
    typed = {"name": "Trần Văn Hùng", "born": "1985", "address": "Thôn 5, xã Krông Nô"}
    result = registry_lookup(
        actor=u(people.desk), registry="population", subject="067085002468", purpose="Cấp bản sao",
        consent="at_desk", typed=typed, now=NOW,
    )  # fmt: skip
    assert result.differences == ["name"]  # Hưng in the registry; the year and the address agree
    assert result.record is not None and result.record["old_address"] is True
    assert typed["name"] == "Trần Văn Hùng"
    assert RegistryLookup.objects.get().differences == ["name"]


def test_decree_13_no_lookup_of_a_person_without_consent(people: People, fakes: dict[str, str]) -> None:
    with pytest.raises(InvalidInput) as refused:
        registry_lookup(
            actor=u(people.desk),
            registry="population",
            subject=APPLICANT["national_id"],
            purpose="x",
            now=NOW,
        )
    assert refused.value.field == "consent"
    assert not RegistryLookup.objects.exists()


def test_a_malformed_number_is_refused_before_any_call(people: People, fakes: dict[str, str]) -> None:
    with pytest.raises(InvalidInput) as refused:
        registry_lookup(
            actor=u(people.desk),
            registry="population",
            subject="12345",
            purpose="x",
            consent="at_desk",
            now=NOW,
        )
    assert refused.value.field == "subject"
    assert not RegistryLookup.objects.exists()


def test_only_officials_who_receive_or_process_look_up(people: People, fakes: dict[str, str]) -> None:
    for persona in (people.monitor, people.citizen, people.leader):
        with pytest.raises(NotFound):
            registry_lookup(
                actor=u(persona),
                registry="population",
                subject=APPLICANT["national_id"],
                purpose="x",
                consent="at_desk",
                now=NOW,
            )
    registry_lookup(actor=u(people.handler), registry="tax", subject="6400123456", purpose="x", now=NOW)
    assert RegistryLookup.objects.count() == 1


def test_an_unknown_person_is_not_found_and_logged(people: People, fakes: dict[str, str]) -> None:
    result = registry_lookup(
        actor=u(people.desk),
        registry="population",
        subject="001099000000",
        purpose="x",
        consent="online",
        now=NOW,
    )
    assert (result.outcome, result.record) == ("not_found", None)
    assert RegistryLookup.objects.get().outcome == "not_found"


def test_a_registry_down_gives_a_clear_message_and_the_failed_lookup_is_recorded(
    people: People, fakes: dict[str, str]
) -> None:
    control(fakes["population_db"], action="fail", status=503, count=1)
    result = registry_lookup(
        actor=u(people.desk),
        registry="population",
        subject=APPLICANT["national_id"],
        purpose="x",
        consent="at_desk",
        now=NOW,
    )
    assert (result.outcome, result.record) == ("down", None)
    with translation.override("en"):
        assert result.message.startswith("The registry cannot be reached now. Carry on with the papers")
    row = RegistryLookup.objects.get()
    assert row.outcome == "down" and "503" in row.error
    assert not CachedAnswer.objects.exists()


def test_the_answer_is_reused_the_same_day_only(people: People, fakes: dict[str, str]) -> None:
    first = registry_lookup(
        actor=u(people.desk),
        registry="population",
        subject=APPLICANT["national_id"],
        purpose="x",
        consent="at_desk",
        now=NOW,
    )
    control(fakes["population_db"], action="fail", status=503, count=5)
    again = registry_lookup(
        actor=u(people.handler),
        registry="population",
        subject=APPLICANT["national_id"],
        purpose="y",
        consent="at_desk",
        now=NOW,
    )
    assert again.record == first.record and again.lookup.from_cache is True
    assert CachedAnswer.objects.get().expires_at == datetime(2026, 12, 8, 0, 0, tzinfo=VN)
    assert end_of_day(datetime(2026, 12, 7, 23, 59, tzinfo=VN)) == datetime(2026, 12, 8, tzinfo=VN)
    next_day = datetime(2026, 12, 8, 8, 0, tzinfo=VN)
    assert registry_cache_sweep(now=next_day) == 1
    later = registry_lookup(
        actor=u(people.desk),
        registry="population",
        subject=APPLICANT["national_id"],
        purpose="x",
        consent="at_desk",
        now=next_day,
    )
    assert later.outcome == "down"  # the registry is asked again, and is still failing
    assert RegistryLookup.objects.count() == 3


def test_a_suspended_business_and_its_tax_status(people: People, fakes: dict[str, str]) -> None:
    business = registry_lookup(
        actor=u(people.handler), registry="business", subject="6400654321", purpose="x", now=NOW
    )
    assert business.record is not None
    assert (business.record["name"], business.record["status"], business.record["active"]) == (
        "CÔNG TY CỔ PHẦN VẬN TẢI CƯ JÚT", "TamNgungKinhDoanh", False,
    )  # fmt: skip
    assert business.record["suspended_until"] == "30/06/2027"
    tax = registry_lookup(actor=u(people.handler), registry="tax", subject="6400654321", purpose="x", now=NOW)
    assert tax.record == {
        "code": "6400654321",
        "status": "02",
        "description": "NNT tạm ngừng hoạt động",
        "active": False,
    }
    household = registry_lookup(
        actor=u(people.desk),
        registry="household_business",
        subject=APPLICANT["national_id"],
        purpose="x",
        now=NOW,
    )
    assert household.record is not None and household.record["representative"] == "Nguyễn Thị Lan"
    assert [row.consent for row in RegistryLookup.objects.order_by("pk")] == ["not_personal"] * 3


@time_machine.travel(NOW, tick=False)
def test_the_lookup_of_a_dossier_is_recorded_on_it(people: People, fakes: dict[str, str]) -> None:
    from motcua.dossiers import actions as dossier_actions
    from motcua.dossiers.states import Channel
    from motcua.dossiers.tests.conftest import APPLICANT as APPLICANT_OBJ
    from motcua.registries.selectors import dossier_lookups

    dossier = dossier_actions.dossier_submit(
        actor=u(people.desk), procedure_code="1.001612", competent_unit_code="24688", applicant=APPLICANT_OBJ,
        channel=Channel.IN_PERSON, receiving_unit_code="24688", now=NOW,
    )  # fmt: skip
    control(fakes["business_registry"], action="fail", status=500, count=1)
    result = registry_lookup(
        actor=u(people.desk),
        registry="household_business",
        subject="068190001234",
        purpose="x",
        dossier=dossier,
        now=NOW,
    )
    assert result.outcome == "down"
    assert [(row.registry, row.outcome) for row in dossier_lookups(dossier)] == [
        ("household_business", "down")
    ]
    with pytest.raises(NotFound):  # another commune's officer does not reach the dossier
        registry_lookup(
            actor=u(people.cujut_desk),
            registry="tax",
            subject="6400123456",
            purpose="x",
            dossier=dossier,
            now=NOW,
        )


def test_766_population_use_counts_the_dossiers_checked(people: People, fakes: dict[str, str]) -> None:
    from motcua.dossiers import actions as dossier_actions
    from motcua.dossiers.states import Channel
    from motcua.dossiers.tests.conftest import APPLICANT as APPLICANT_OBJ
    from motcua.registries.selectors import PopulationUse, population_use

    dossiers = [
        dossier_actions.dossier_submit(
            actor=u(people.desk),
            procedure_code="1.001612",
            competent_unit_code="24688",
            applicant=APPLICANT_OBJ,
            channel=Channel.IN_PERSON,
            receiving_unit_code="24688",
            now=NOW,
        )
        for _ in range(2)
    ]
    registry_lookup(
        actor=u(people.desk), registry="population", subject=APPLICANT["national_id"], purpose="x",
        consent="at_desk", dossier=dossiers[0], now=NOW,
    )  # fmt: skip
    control(fakes["population_db"], action="fail", status=503, count=1)
    registry_lookup(
        actor=u(people.desk),
        registry="population",
        subject="001099000000",
        purpose="x",
        consent="at_desk",
        now=NOW,
    )
    unit = Unit.objects.get(code="24688")
    use = population_use(
        unit_ids=[unit.pk], start=datetime(2026, 12, 1, tzinfo=VN), end=datetime(2027, 1, 1, tzinfo=VN)
    )
    assert use == PopulationUse(
        dossiers=2, dossiers_checked=1, procedures=1, procedures_connected=1, lookups=2, failed=1
    )


def test_a_lookup_made_while_typing_is_linked_to_the_dossier_it_led_to(
    people: People, fakes: dict[str, str]
) -> None:
    from motcua.dossiers import actions as dossier_actions
    from motcua.dossiers.states import Channel
    from motcua.dossiers.tests.conftest import APPLICANT as APPLICANT_OBJ
    from motcua.registries.actions import lookup_attach

    typed = registry_lookup(
        actor=u(people.desk),
        registry="population",
        subject=APPLICANT["national_id"],
        purpose="x",
        consent="at_desk",
        now=NOW,
    )
    dossier = dossier_actions.dossier_submit(
        actor=u(people.desk), procedure_code="1.001612", competent_unit_code="24688", applicant=APPLICANT_OBJ,
        channel=Channel.IN_PERSON, receiving_unit_code="24688", now=NOW,
    )  # fmt: skip
    lookup_attach(actor=u(people.cujut_desk), lookup=typed.lookup, dossier=dossier)  # not theirs: nothing
    typed.lookup.refresh_from_db()
    assert typed.lookup.dossier_id is None
    lookup_attach(actor=u(people.desk), lookup=typed.lookup, dossier=dossier)
    typed.lookup.refresh_from_db()
    assert typed.lookup.dossier_id == dossier.pk


def test_art_5_1_i_a_birth_record_and_the_citizen_s_stored_results_are_read_not_asked_for(
    people: People, fakes: dict[str, str]
) -> None:
    birth = registry_lookup(
        actor=u(people.desk), registry="civil_status", subject="KS:123/2026", purpose="Đăng ký thường trú",
        consent="at_desk", now=NOW,
    )  # fmt: skip
    assert birth.record is not None
    assert (birth.record["kind"], birth.record["registered_by"], birth.record["fields"]["hoTen"]) == (
        "KS", "UBND xã Krông Nô", "Trần Bảo An",
    )  # fmt: skip
    stored = registry_lookup(
        actor=u(people.desk), registry="data_store", subject=APPLICANT["national_id"], purpose="Cấp bản sao",
        consent="online", now=NOW,
    )  # fmt: skip
    assert stored.record is not None
    assert [(r["code"], r["name"], r["number"]) for r in stored.record["results"]] == [
        ("068190001234.KQ.KS", "Giấy khai sinh", "123/2026"),
        ("068190001234.KQ.KH", "Giấy chứng nhận kết hôn", "45/2024"),
    ]
    missing = registry_lookup(
        actor=u(people.desk),
        registry="civil_status",
        subject="KH:999/2020",
        purpose="x",
        consent="at_desk",
        now=NOW,
    )
    assert missing.outcome == "not_found"
    with pytest.raises(InvalidInput) as refused:  # personal data: consent first
        registry_lookup(
            actor=u(people.desk),
            registry="data_store",
            subject=APPLICANT["national_id"],
            purpose="x",
            now=NOW,
        )
    assert refused.value.field == "consent"
    with pytest.raises(InvalidInput):
        registry_lookup(
            actor=u(people.desk),
            registry="civil_status",
            subject="123",
            purpose="x",
            consent="at_desk",
            now=NOW,
        )
    assert [row.registry for row in RegistryLookup.objects.order_by("pk")] == [
        "civil_status",
        "data_store",
        "civil_status",
    ]
