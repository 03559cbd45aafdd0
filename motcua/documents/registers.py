"""The register of issued document numbers (Decree 30/2020/NĐ-CP Art.15 and Appendix I): each
agency numbers its documents from 01 January, per series (document type), without gaps; the
number and symbol read "12/TB-UBND" (number / type abbreviation - issuer abbreviation)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from motcua.documents.models import IssuedNumber, NumberCounter, Series
from motcua.units.models import Unit

# The abbreviation of the issuing body: every commune-level unit and the province are People's
# Committees ("UBND"); a department's is the part of its code after the province ("68.STP" → "STP").
_COMMITTEE_KINDS = (Unit.Kind.COMMUNE, Unit.Kind.WARD, Unit.Kind.SPECIAL_ZONE, Unit.Kind.PROVINCE)


def issuer_abbreviation(unit: Unit) -> str:
    if unit.kind in _COMMITTEE_KINDS:
        return "UBND"
    _, _dot, tail = unit.code.partition(".")
    return tail or "UBND"


def symbol_of(*, unit: Unit, series: str, number: int) -> str:
    """Decree 30 Appendix I: "Số: 12/TB-UBND"; numbers below 10 take a leading zero ("05")."""
    return f"{number:02d}/{series}-{issuer_abbreviation(unit)}"


def register_number(*, unit: Unit, series: Series | str, document_key: str, at: datetime) -> IssuedNumber:
    """The number of `document_key` in the agency's series of `at`'s year, issued now if it has
    none yet. Idempotent: the same document asked again gets the same number (a re-print)."""
    series = Series(series)
    existing = IssuedNumber.objects.filter(unit=unit, series=series, document_key=document_key).first()
    if existing is not None:
        return existing
    year = timezone.localtime(at).year
    with transaction.atomic():
        # Lock the counter row: concurrent issues in the series queue here (PostgreSQL row lock;
        # SQLite runs IMMEDIATE transactions, one writer at a time).
        NumberCounter.objects.get_or_create(unit=unit, year=year, series=series)
        counter = NumberCounter.objects.select_for_update().get(unit=unit, year=year, series=series)
        # Asked twice at once for one document: the second caller, let in after the first
        # committed, finds its number instead of taking another.
        existing = IssuedNumber.objects.filter(unit=unit, series=series, document_key=document_key).first()
        if existing is not None:
            return existing
        counter.last += 1
        counter.save(update_fields=["last"])
        return IssuedNumber.objects.create(
            unit=unit,
            year=year,
            series=series,
            number=counter.last,
            symbol=symbol_of(unit=unit, series=series, number=counter.last),
            document_key=document_key,
            issued_at=at,
        )


def issued_number(*, unit: Unit, series: Series | str, document_key: str) -> IssuedNumber | None:
    """The number already given to a document, if any (for a form shown without issuing one)."""
    return IssuedNumber.objects.filter(unit=unit, series=Series(series), document_key=document_key).first()
