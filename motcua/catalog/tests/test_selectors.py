from datetime import date

import pytest
from pytest_django import DjangoAssertNumQueries

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import current_steps, procedure_get, procedure_rules, procedure_search
from motcua.core.errors import NotFound
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query", ["khai sinh", "KHAI SINH", "Đăng ký khai sinh", "dang ky khai sinh", "1.001193"]
)
def test_search_ignores_diacritics_and_case(query: str) -> None:
    codes = [p.code for p in procedure_search(query=query)]
    assert "1.001193" in codes


def test_every_word_must_match() -> None:
    names = [p.name for p in procedure_search(query="chứng thực bản sao")]
    assert names
    assert all("chứng thực" in n.lower() and "bản sao" in n.lower() for n in names)


def test_filter_by_field_and_level() -> None:
    civil_status = procedure_search(field="ho_tich")
    assert civil_status.count() >= 5
    assert {p.field.code for p in civil_status} == {"ho_tich"}
    departments = procedure_search(level=Procedure.Level.DEPARTMENT)
    assert departments.count() >= 5
    assert {p.level for p in departments} == {"so"}


def test_a_commune_settles_commune_procedures_and_a_department_its_own() -> None:
    commune = procedure_search(unit=Unit.objects.get(code="24688"))
    assert {p.level for p in commune} == {"xa"}
    justice = procedure_search(unit=Unit.objects.get(code="68.STP"))
    assert justice.count() >= 1
    assert {(p.level, p.department) for p in justice} == {("so", "STP")}


def test_procedure_get_loads_everything_in_a_fixed_number_of_queries(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_assert_num_queries(5):
        procedure = procedure_get("1.001193")
        steps = current_steps(procedure)
        components = list(procedure.components.all())
        fees = list(procedure.fees.all())
    with django_assert_num_queries(2):  # its dated versions and conditional times
        rules = procedure_rules(procedure, on=date(2027, 3, 1))
    assert procedure.name == "Đăng ký khai sinh"
    assert procedure.time_unit == "same_day"
    assert components and fees
    assert (rules.effective_from, rules.time_unit) == (date(2027, 3, 1), "same_day")
    assert sum(step.share for step in steps) == 100


def test_an_unknown_or_inactive_procedure_is_not_found() -> None:
    with pytest.raises(NotFound):
        procedure_get("9.999999")
    Procedure.objects.filter(code="1.001193").update(active=False)
    with pytest.raises(NotFound):
        procedure_get("1.001193")
