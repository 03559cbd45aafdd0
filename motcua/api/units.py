"""Provinces, units, address conversion and the working calendar."""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from motcua.core.errors import InvalidInput
from motcua.units import selectors

router = Router(tags=["units"])


class ProvinceOut(Schema):
    code: int
    name: str
    kind: str
    unit_count: int


class UnitBrief(Schema):
    code: str
    name: str
    kind: str
    province: int = Field(..., alias="province.code")


class OldUnitOut(Schema):
    code: str
    name: str
    kind: str
    district: str = Field(..., alias="district_name")
    province: str = Field(..., alias="province_name")


class LineageOut(Schema):
    old_unit: OldUnitOut
    partial: bool


class UnitOut(UnitBrief):
    province_name: str = Field(..., alias="province.name")
    agency_code: str = Field(
        ..., description="Electronic identifier of Decision 20/2020/QĐ-TTg, the first part of dossier codes"
    )
    agency_code_provisional: bool = Field(
        ..., description="True until the identifier is taken from the province's published list"
    )
    population: int | None
    village_count: int | None
    lineage: list[LineageOut] = Field(..., alias="lineage.all")


class ConversionOut(Schema):
    unit: UnitBrief
    province_name: str
    old_unit: OldUnitOut
    successors: list[UnitBrief]
    street: str


class UnitFilter(Schema):
    province: int = 68
    kind: Literal["xa", "phuong", "dac_khu", "tinh", "so", ""] = ""
    q: str = ""


@router.get("/provinces", response=list[ProvinceOut], summary="The 34 provinces")
def list_provinces(request: HttpRequest) -> object:
    return list(selectors.province_list())


@router.get("/units", response=list[UnitBrief], summary="Units of a province")
def list_units(request: HttpRequest, filters: Query[UnitFilter]) -> object:
    province = selectors.province_get(filters.province)
    return list(selectors.unit_list(province=province, kind=filters.kind, query=filters.q))


@router.get("/units/convert", response=ConversionOut, summary="The 2025 unit for a pre-2025 address")
def convert_address(request: HttpRequest, address: str) -> object:
    match = selectors.address_convert(address)
    return {
        "unit": match.unit,
        "province_name": match.unit.province.name,
        "old_unit": match.old_unit,
        "successors": match.successors,
        "street": match.street,
    }


@router.get("/units/{code}", response=UnitOut, summary="A unit with its lineage")
def get_unit(request: HttpRequest, code: str) -> object:
    return selectors.unit_get(code)


class DueQuery(Schema):
    start: datetime
    amount: int = Field(0, ge=0, le=3650)
    unit: Literal["days", "hours", "same_day"] = "days"
    province: int = 68


class ExplanationLineOut(Schema):
    day: str
    what: str


class DueOut(Schema):
    start: datetime
    due: datetime
    amount: int
    unit: str
    province: int
    explanation: list[ExplanationLineOut]
    explanation_text: str


@router.get("/calendar/due", response=DueOut, summary="The due time of a legal period")
def calendar_due(request: HttpRequest, query: Query[DueQuery]) -> object:
    if query.start.tzinfo is None or query.start.utcoffset() is None:
        raise InvalidInput(
            _("The field “start” must include a time zone offset, e.g. +07:00."), field="start"
        )
    if query.unit == "hours" and query.amount > 3650 * 8:
        raise InvalidInput(
            _("The field “amount” must be at most %(limit)s.") % {"limit": 3650 * 8}, field="amount"
        )
    province = selectors.province_get(query.province)
    calendar = selectors.calendar_for_province(province)
    due = calendar.due(query.start, query.amount, query.unit)
    return {
        "start": due.start,
        "due": due.due,
        "amount": query.amount,
        "unit": query.unit,
        "province": province.code,
        "explanation": [{"day": line.day.isoformat(), "what": line.what} for line in due.explanation()],
        "explanation_text": due.explanation_text(),
    }
