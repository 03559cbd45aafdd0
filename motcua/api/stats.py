"""Figures, the 766 index and rankings for units and provinces. The index is the national
portal's (monitor/index.py): indicators N/A or without data leave the maximum, the score is scaled
back to 100, and a unit or province with no dossier in the period is listed apart, unranked."""

import json
from datetime import date
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import NinjaJSONEncoder

from motcua.api.auth import BearerToken
from motcua.monitor import selectors
from motcua.monitor.index import IndexScore
from motcua.monitor.selectors import Figures, Period

router = Router(tags=["stats"])


class PeriodIn(Schema):
    period: str = Field(
        "", description="month, quarter, year or custom (the default when both dates are given)"
    )
    from_: str | None = Field(
        None, alias="from", description="YYYY-MM-DD; for month/quarter/year, a day in it"
    )
    to: str | None = Field(None, description="YYYY-MM-DD, included")
    field: str | None = Field(
        None, description="a field (lĩnh vực) code: the figures of its procedures only; all fields by default"
    )


class UnitsIn(PeriodIn):
    province: int | None = Field(None, description="province code; the one you monitor by default")
    sort: str = "rank"


class PeriodOut(Schema):
    start: date
    end: date
    kind: str


class FiguresOut(Schema):
    received: int
    received_in_person: int
    received_online: int
    received_post: int
    online_share: Decimal | None = Field(..., description="per cent")
    accepted: int
    not_accepted: int
    resolved: int
    resolved_early: int
    resolved_on_time: int
    resolved_late: int
    timely_rate: Decimal | None = Field(..., description="early or on time, per cent of resolved")
    average_days: Decimal | None = Field(..., description="average processing time in working days")
    supplements: int
    refusals: int
    extensions: int
    withdrawn: int
    ratings: int
    average_score: Decimal | None
    dislikes: int
    handled: int = Field(
        ...,
        description="766 2.1: dossiers handled in the period (ended after acceptance, or in progress at "
        "its end)",
    )
    handled_late: int = Field(..., description="of them, late against their due time")
    progress_rate: Decimal | None = Field(..., description="handled on time, per cent of handled")
    in_progress: int
    overdue: int
    waiting: int


class MeasureOut(Schema):
    code: str
    number: str = Field(..., description="the national portal's numbering of the indicator, e.g. 2.1")
    group: str
    name: str
    formula: str
    numerator_label: str
    denominator_label: str
    status: str = Field(
        ...,
        description="scored; na (nothing to count: its points leave the maximum); "
        "no_data (the system holds no data for it yet: its points leave the maximum)",
    )
    missing: str | None = Field(..., description="for no_data: the source the indicator waits for")
    numerator: int | None
    denominator: int | None
    rate: Decimal | None = Field(..., description="per cent, when scored")
    target: Decimal
    points: Decimal = Field(..., description="the indicator's points, as configured")
    possible: Decimal = Field(..., description="the points it puts in the maximum: 0 when na or no_data")
    earned: Decimal | None
    lost: Decimal


class UnitStats(Schema):
    code: str
    name: str
    province: int
    index: Decimal | None = Field(
        ...,
        description="scaled to 100 over the points that could be earned; null with no dossier in the period",
    )
    empty: bool = Field(..., description="no dossier in the period: listed apart, never ranked")
    rank: int | None
    out_of: int | None = Field(..., description="the units ranked in the province")
    trend: Decimal | None
    figures: FiguresOut


class UnitStatsDetail(UnitStats):
    period: PeriodOut
    points_earned: Decimal
    points_possible: Decimal = Field(..., description="the points of the indicators that could be scored")
    measures: list[MeasureOut]


class UnitsPage(Schema):
    period: PeriodOut
    province: int
    units: list[UnitStats]


class ProvinceStats(Schema):
    code: int
    name: str
    index: Decimal | None
    empty: bool
    rank: int | None
    figures: FiguresOut


class ProvincesPage(Schema):
    period: PeriodOut
    provinces: list[ProvinceStats]


def _period(filters: PeriodIn) -> Period:
    return selectors.period_parse(
        kind=filters.period, start=filters.from_, end=filters.to, today=timezone.localdate()
    )


_OPEN = ("in_progress", "overdue", "waiting")
_FIGURES = tuple(name for name in FiguresOut.model_fields if name not in _OPEN)


def _figures(f: Figures) -> dict[str, object]:
    out = {name: getattr(f, name) for name in _FIGURES}
    out.update(in_progress=f.open.in_progress, overdue=f.open.overdue, waiting=f.open.waiting)
    return out


def _measures(score: IndexScore) -> list[dict[str, object]]:
    return [
        {
            "code": m.code,
            "number": m.number,
            "group": m.group,
            "name": str(m.name),
            "formula": str(m.formula),
            "numerator_label": str(m.numerator_label),
            "denominator_label": str(m.denominator_label),
            "status": m.status,
            "missing": str(m.missing) if m.missing else None,
            "numerator": m.numerator,
            "denominator": m.denominator,
            "rate": m.rate,
            "target": m.target,
            "points": m.points,
            "possible": m.possible,
            "earned": m.earned,
            "lost": m.lost,
        }
        for m in score.measures
    ]


def _unit(row: selectors.UnitRow, province: int, trend: bool = True) -> dict[str, object]:
    return {
        "code": row.unit.code,
        "name": row.unit.name,
        "province": province,
        "index": row.score.total,
        "empty": row.empty,
        "rank": row.rank,
        "out_of": row.out_of,
        "trend": row.trend if trend else None,
        "figures": _figures(row.figures),
    }


def _json_answer(payload: dict[str, object]) -> HttpResponse:
    """`payload` written straight to JSON, not validated field by field against the response
    schema: for the 3,321 units of the national ranking that validation took longer than the
    ranking itself. The tests check such answers against their schema instead."""
    body = json.dumps(payload, cls=NinjaJSONEncoder, ensure_ascii=False)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def _period_out(period: Period) -> dict[str, object]:
    return {"start": period.start, "end": period.end, "kind": period.kind}


@router.get(
    "/stats/units", auth=BearerToken(), response=UnitsPage, summary="Figures, index and rank of each unit"
)
def stats_units(request: HttpRequest, filters: Query[UnitsIn]) -> object:
    period = _period(filters)
    province, _total, rows = selectors.province_overview(
        actor=request.user,
        province_code=filters.province,
        period=period,
        now=timezone.now(),
        sort=filters.sort,
        field=selectors.field_for(filters.field),
    )
    return {
        "period": _period_out(period),
        "province": province.code,
        "units": [_unit(r, province.code) for r in rows],
    }


@router.get(
    "/stats/units/{code}",
    auth=BearerToken(),
    response=UnitStatsDetail,
    summary="One unit, with its index breakdown",
)
def stats_unit(request: HttpRequest, code: str, filters: Query[PeriodIn]) -> object:
    period = _period(filters)
    report = selectors.unit_overview(
        actor=request.user,
        code=code,
        period=period,
        now=timezone.now(),
        field=selectors.field_for(filters.field),
    )
    return {
        "code": report.unit.code,
        "name": report.unit.name,
        "province": report.unit.province.code,
        "index": report.score.total,
        "empty": not report.score.has_dossiers,
        "rank": report.row.rank if report.row else None,
        "out_of": report.row.out_of if report.row else None,
        "trend": report.row.trend if report.row else None,
        "figures": _figures(report.figures),
        "period": _period_out(period),
        "points_earned": report.score.earned_points,
        "points_possible": report.score.possible_points,
        "measures": _measures(report.score),
    }


@router.get(
    "/stats/provinces",
    auth=BearerToken(),
    response=ProvincesPage,
    summary="The national ranking of provinces",
)
def stats_provinces(request: HttpRequest, filters: Query[PeriodIn]) -> object:
    period = _period(filters)
    rows = selectors.provinces_ranked(
        actor=request.user, period=period, now=timezone.now(), field=selectors.field_for(filters.field)
    )
    return {
        "period": _period_out(period),
        "provinces": [
            {
                "code": r.province.code,
                "name": r.province.name,
                "index": r.score.total,
                "empty": r.empty,
                "rank": r.rank,
                "figures": _figures(r.figures),
            }
            for r in rows
        ],
    }


class RankedUnits(Schema):
    period: PeriodOut
    units: list[UnitStats]


@router.get(
    "/stats/ranking",
    auth=BearerToken(),
    response=RankedUnits,
    summary="Every commune-level unit of the country, each ranked within its province",
)
def stats_ranking(request: HttpRequest, filters: Query[PeriodIn]) -> object:
    period = _period(filters)
    rows = selectors.national_ranking(
        actor=request.user, period=period, now=timezone.now(), field=selectors.field_for(filters.field)
    )
    return _json_answer(
        {
            "period": _period_out(period),
            "units": [_unit(r, r.unit.province.code, trend=False) for r in rows],
        }
    )
