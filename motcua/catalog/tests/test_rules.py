"""procedure_rules: the legal rules in force on a dossier's reception day."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytest_django import DjangoAssertNumQueries

from motcua.catalog.models import Procedure, ProcedureVersion, TimeVariant
from motcua.catalog.selectors import ProcedureRules, TimeVariantRule, procedure_rules

pytestmark = pytest.mark.django_db


def _procedure() -> Procedure:
    """A commune procedure with no seeded version, its versions replaced by the test's own."""
    procedure = Procedure.objects.get(code="1.001612")
    procedure.versions.all().delete()
    procedure.time_variants.all().delete()
    return procedure


def test_art_17_2_c_19_5_without_a_version_the_decree_periods_apply() -> None:
    procedure = _procedure()
    rules = procedure_rules(procedure, on=date(2026, 12, 5))
    assert rules == ProcedureRules(
        procedure_id=procedure.pk,
        effective_from=None,
        time_amount=3,
        time_unit="days",
        decision_hours=8,
        supplement_window_days=3,
        closure_days=15,
        payment_time_excluded=False,
        variants=(),
        source_decision=procedure.source_decision,
    )


def test_art_19_5_a_version_overrides_the_periods_from_its_date() -> None:
    procedure = _procedure()
    ProcedureVersion.objects.create(
        procedure=procedure,
        effective_from=date(2027, 3, 1),
        time_amount=5,
        time_unit="days",
        decision_hours=4,
        supplement_window_days=2,
        closure_days=30,
        payment_time_excluded=True,
        source_decision="Luật thử 01/2027",
    )
    before = procedure_rules(procedure, on=date(2027, 2, 28))
    assert (before.effective_from, before.time_amount, before.closure_days) == (None, 3, 15)
    on_the_day = procedure_rules(procedure, on=date(2027, 3, 1))
    assert on_the_day == ProcedureRules(
        procedure_id=procedure.pk,
        effective_from=date(2027, 3, 1),
        time_amount=5,
        time_unit="days",
        decision_hours=4,
        supplement_window_days=2,
        closure_days=30,
        payment_time_excluded=True,
        variants=(),
        source_decision="Luật thử 01/2027",
    )


def test_variants_are_listed_by_code() -> None:
    procedure = _procedure()
    TimeVariant.objects.create(
        procedure=procedure, code="xac_minh", label="Cần xác minh", time_amount=5, time_unit="days"
    )
    TimeVariant.objects.create(
        procedure=procedure, code="vung_xa", label="Vùng sâu", time_amount=10, time_unit="days"
    )
    rules = procedure_rules(procedure, on=date(2026, 12, 5))
    assert rules.variants == (
        TimeVariantRule(code="vung_xa", label="Vùng sâu", time_amount=10, time_unit="days"),
        TimeVariantRule(code="xac_minh", label="Cần xác minh", time_amount=5, time_unit="days"),
    )
    assert rules.variant("xac_minh") == rules.variants[1]
    assert rules.variant("nothing") is None


def test_prefetched_versions_and_variants_cost_no_query(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    _procedure()
    ProcedureVersion.objects.create(
        procedure=Procedure.objects.get(code="1.001612"),
        effective_from=date(2027, 1, 1),
        time_amount=2,
        time_unit="days",
    )
    procedure = Procedure.objects.prefetch_related("versions", "time_variants").get(code="1.001612")
    with django_assert_num_queries(0):
        rules = procedure_rules(procedure, on=date(2027, 6, 1))
    assert (rules.effective_from, rules.time_amount) == (date(2027, 1, 1), 2)


_DATES = [date(2026, 1, 1), date(2027, 3, 1), date(2028, 7, 15)]


@given(on=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)), prefetch=st.booleans())
def test_the_latest_version_in_force_on_the_day_applies(on: date, prefetch: bool) -> None:
    procedure = Procedure.objects.get(code="1.001612")
    if not procedure.versions.filter(source_decision="hyp").exists():
        procedure.versions.all().delete()
        ProcedureVersion.objects.bulk_create(
            ProcedureVersion(
                procedure=procedure,
                effective_from=d,
                time_amount=i + 1,
                time_unit="days",
                source_decision="hyp",
            )
            for i, d in enumerate(_DATES)
        )
    if prefetch:
        procedure = Procedure.objects.prefetch_related("versions", "time_variants").get(pk=procedure.pk)
    rules = procedure_rules(procedure, on=on)
    in_force = [d for d in _DATES if d <= on]
    if not in_force:
        assert rules.effective_from is None
        assert rules.time_amount == procedure.time_amount
    else:
        assert rules.effective_from == max(in_force)
        assert rules.time_amount == _DATES.index(max(in_force)) + 1
        assert rules.effective_from <= on
        assert not any(rules.effective_from < d <= on for d in _DATES)
