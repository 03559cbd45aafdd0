"""The register of document numbers (Decree 30/2020 Art.15): per agency, year and series, from 1,
without gaps, one number per document however often it is printed, "12/TB-UBND"."""

import multiprocessing
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connections, transaction

from motcua.documents.models import IssuedNumber, NumberCounter, Series
from motcua.documents.registers import issued_number, issuer_abbreviation, register_number, symbol_of
from motcua.dossiers.tests.conftest import reference_data_restored  # noqa: F401  (fixture)
from motcua.units.models import Unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
AT = datetime(2026, 11, 19, 9, tzinfo=VN)


@pytest.fixture
def unit(db: None) -> Unit:
    return Unit.objects.get(code="24688")


def test_symbol_is_number_slash_type_dash_issuer_decree_30(unit: Unit) -> None:
    assert symbol_of(unit=unit, series=Series.NOTICE, number=12) == "12/TB-UBND"
    assert symbol_of(unit=unit, series=Series.DECISION, number=5) == "05/QĐ-UBND"
    department = Unit(code="68.STP", kind=Unit.Kind.DEPARTMENT, name="Sở Tư pháp")
    assert issuer_abbreviation(department) == "STP"


def test_numbers_run_from_one_per_series_and_the_same_document_keeps_its_number(unit: Unit) -> None:
    first = register_number(unit=unit, series=Series.NOTICE, document_key="a", at=AT)
    second = register_number(unit=unit, series=Series.NOTICE, document_key="b", at=AT)
    again = register_number(unit=unit, series=Series.NOTICE, document_key="a", at=AT)
    decision = register_number(unit=unit, series=Series.DECISION, document_key="a", at=AT)
    assert (first.number, first.symbol) == (1, "01/TB-UBND")
    assert (second.number, second.symbol) == (2, "02/TB-UBND")
    assert again.pk == first.pk
    assert (decision.number, decision.symbol) == (1, "01/QĐ-UBND")
    assert IssuedNumber.objects.count() == 3
    assert issued_number(unit=unit, series=Series.NOTICE, document_key="b") == second
    assert issued_number(unit=unit, series=Series.NOTICE, document_key="c") is None


def test_numbering_restarts_each_year_and_per_agency(unit: Unit) -> None:
    other = Unit.objects.get(code="24640")
    register_number(unit=unit, series=Series.RECEIPT, document_key="a", at=AT)
    # 31 Dec 23:30 in Vietnam is still 2026 (UTC says 16:30 of the same day, but near midnight it
    # would differ): the year is the local one.
    late = register_number(
        unit=unit, series=Series.RECEIPT, document_key="b", at=datetime(2026, 12, 31, 23, 30, tzinfo=VN)
    )
    new_year = register_number(
        unit=unit, series=Series.RECEIPT, document_key="c", at=datetime(2027, 1, 1, 0, 30, tzinfo=VN)
    )
    elsewhere = register_number(unit=other, series=Series.RECEIPT, document_key="a", at=AT)
    assert (late.year, late.number) == (2026, 2)
    assert (new_year.year, new_year.number) == (2027, 1)
    assert (elsewhere.unit, elsewhere.number) == (other, 1)


def test_a_rolled_back_issue_gives_its_number_back(unit: Unit) -> None:
    register_number(unit=unit, series=Series.APOLOGY, document_key="a", at=AT)
    with pytest.raises(RuntimeError), transaction.atomic():
        register_number(unit=unit, series=Series.APOLOGY, document_key="b", at=AT)
        raise RuntimeError("the form failed to render")
    c = register_number(unit=unit, series=Series.APOLOGY, document_key="c", at=AT)
    assert c.number == 2
    assert NumberCounter.objects.get(unit=unit, series=Series.APOLOGY).last == 2


PROCESSES = 3
PER_PROCESS = 8


def _issue(worker: int) -> list[int]:
    from django.db import OperationalError

    connections.close_all()  # never share the parent's socket
    unit = Unit.objects.get(code="24688")
    numbers = []
    for n in range(PER_PROCESS):
        # Every worker also asks for the shared document "same": it gets one number in all.
        for key in (f"w{worker}-{n}", "same"):
            for _attempt in range(50):
                try:
                    numbers.append(
                        register_number(unit=unit, series=Series.NOTICE, document_key=key, at=AT).number
                    )
                    break
                except OperationalError:  # SQLite: "database is locked" after the busy timeout
                    continue
    connections.close_all()
    return numbers


@pytest.mark.usefixtures("reference_data_restored", "transactional_db")
def test_concurrent_processes_get_gap_free_numbers_once_per_document() -> None:
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(PROCESSES) as pool:
        pool.map(_issue, range(PROCESSES))
    total = PROCESSES * PER_PROCESS + 1
    numbers = sorted(IssuedNumber.objects.values_list("number", flat=True))
    assert numbers == list(range(1, total + 1))
    assert IssuedNumber.objects.filter(document_key="same").count() == 1
    assert NumberCounter.objects.get(series=Series.NOTICE).last == total
