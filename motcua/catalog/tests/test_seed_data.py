"""The seed catalogue is pure data: these checks need no database."""

import dataclasses

import pytest

from motcua.catalog import seed_data
from motcua.catalog.seed_data import FIELDS, PROCEDURES, FeeSeed, ProcedureSeed, StepSeed, procedure, validate


def test_seed_data_is_valid():
    assert validate() == []


def test_at_least_28_procedures():
    assert len(PROCEDURES) >= 28


def test_birth_registration_is_same_day_and_free_when_on_time():
    birth = procedure("1.001193")
    assert birth.name == "Đăng ký khai sinh"
    assert birth.time_unit == "same_day"
    assert birth.time_amount == 0
    assert birth.level == "xa"
    assert birth.department == ""
    assert birth.field == "ho_tich"
    assert birth.fees[0] == FeeSeed("Miễn lệ phí đăng ký khai sinh đúng hạn", 0)
    assert [step.share for step in birth.steps] == [10, 70, 20]


def test_at_least_five_department_procedures():
    department_procedures = [p for p in PROCEDURES if p.level == "so"]
    assert len(department_procedures) >= 5
    assert all(p.department in seed_data.DEPARTMENTS for p in department_procedures)


@pytest.mark.parametrize("field", ["ho_tich", "chung_thuc", "ho_kinh_doanh", "dat_dai", "bao_tro_xa_hoi"])
def test_every_covered_field_is_present(field):
    assert field in {f.code for f in FIELDS}
    assert any(p.field == field for p in PROCEDURES)


@pytest.mark.parametrize(
    ("code", "amount", "unit"),
    [
        ("1.001612", 3, "days"),  # household business registration, Decree 168/2025
        ("1.013831", 8, "days"),  # land transfer registration: 8 working days (national database)
        ("1.013978", 20, "days"),  # first land-use certificate
        ("2.000815", 0, "same_day"),  # certified copy
        ("1.000894", 0, "same_day"),  # marriage
    ],
)
def test_legal_times(code, amount, unit):
    seed = procedure(code)
    assert (seed.time_amount, seed.time_unit) == (amount, unit)


def test_certification_fees():
    copy_fees = [fee.amount for fee in procedure("2.000815").fees]
    assert copy_fees == [2_000, 1_000, 200_000]
    assert [fee.amount for fee in procedure("2.000884").fees] == [10_000]


def test_unknown_code_raises():
    with pytest.raises(KeyError):
        procedure("9.999999")


def _with(seed: ProcedureSeed, **changes) -> ProcedureSeed:
    return dataclasses.replace(seed, **changes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"field": "nope"}, "unknown field 'nope'"),
        ({"level": "huyen"}, "unknown level 'huyen'"),
        ({"department": "STP"}, "only department procedures name a department"),
        ({"level": "so"}, "a department procedure needs a known department"),
        ({"time_unit": "weeks"}, "unknown time unit 'weeks'"),
        ({"time_amount": 2}, "a same-day procedure has time amount 0"),
        ({"fees": (FeeSeed("Lệ phí", -1),)}, "negative fee"),
        ({"steps": (StepSeed("Xử lý", "handler", 90),)}, "step shares add up to 90, not 100"),
        ({"steps": (StepSeed("Xử lý", "clerk", 100),)}, "unknown step role 'clerk'"),
        ({"online_level": "muc_4"}, "unknown online level 'muc_4'"),
    ],
)
def test_validate_reports_problems(monkeypatch, changes, message):
    broken = _with(procedure("1.001193"), **changes)
    monkeypatch.setattr(seed_data, "PROCEDURES", (broken, *PROCEDURES[1:]))
    problems = validate()
    assert any(problem.startswith("1.001193: ") and message in problem for problem in problems), problems


def test_validate_reports_duplicate_codes(monkeypatch):
    monkeypatch.setattr(seed_data, "PROCEDURES", (*PROCEDURES, PROCEDURES[0]))
    assert validate() == ["1.001193: duplicate code"]
