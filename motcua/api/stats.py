"""Figures, the 766 index and rankings for units and provinces."""

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
    in_progress: int
    overdue: int
    waiting: int


class MeasureOut(Schema):
    code: str
    group: str
    name: str
    numerator: int
    denominator: int
    rate: Decimal | None
    target: Decimal
    points: Decimal
    earned: Decimal
    lost: Decimal


class UnitStats(Schema):
    code: str
    name: str
    province: int
    index: Decimal
    rank: int | None
    out_of: int | None
    trend: Decimal | None
    figures: FiguresOut


class UnitStatsDetail(UnitStats):
    period: PeriodOut
    measures: list[MeasureOut]


class UnitsPage(Schema):
    period: PeriodOut
    province: int
    units: list[UnitStats]


class ProvinceStats(Schema):
    code: int
    name: str
    index: Decimal
    rank: int
    figures: FiguresOut


class ProvincesPage(Schema):
    period: PeriodOut
    provinces: list[ProvinceStats]


def _period(filters: PeriodIn) -> Period:
    return selectors.period_parse(
        kind=filters.period, start=filters.from_, end=filters.to, today=timezone.localdate()
    )


def _figures(f: Figures) -> dict[str, object]:
    names = FiguresOut.model_fields
    out = {name: getattr(f, name) for name in names if name not in ("in_progress", "overdue", "waiting")}
    out.update(in_progress=f.open.in_progress, overdue=f.open.overdue, waiting=f.open.waiting)
    return out


def _measures(score: IndexScore) -> list[dict[str, object]]:
    return [{**vars(m), "name": str(m.name), "lost": m.lost} for m in score.measures]


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
        "units": [
            {
                "code": r.unit.code,
                "name": r.unit.name,
                "province": province.code,
                "index": r.score.total,
                "rank": r.rank,
                "out_of": r.out_of,
                "trend": r.trend,
                "figures": _figures(r.figures),
            }
            for r in rows
        ],
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
        "rank": report.row.rank if report.row else None,
        "out_of": report.row.out_of if report.row else None,
        "trend": report.row.trend if report.row else None,
        "figures": _figures(report.figures),
        "period": _period_out(period),
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
            "units": [
                {
                    "code": r.unit.code,
                    "name": r.unit.name,
                    "province": r.unit.province.code,
                    "index": r.score.total,
                    "rank": r.rank,
                    "out_of": r.out_of,
                    "trend": None,
                    "figures": _figures(r.figures),
                }
                for r in rows
            ],
        }
    )
