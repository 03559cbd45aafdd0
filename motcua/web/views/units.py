"""Public pages of the communes, wards and special zones of the province, and address conversion."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.core.errors import InvalidInput, NotFound
from motcua.units.models import Unit
from motcua.units.selectors import address_convert, province_get, unit_counts, unit_get
from motcua.units.selectors import unit_list as units_of


def unit_list(request: HttpRequest) -> HttpResponse:
    province = province_get(settings.MOTCUA_PROVINCE_CODE)
    kind = request.GET.get("kind", "")
    if kind not in Unit.COMMUNE_LEVEL:
        kind = ""
    query = request.GET.get("q", "").strip()
    address = request.GET.get("address", "").strip()
    match, address_error = None, None
    if address:
        try:
            match = address_convert(address)
        except InvalidInput as error:
            address_error = error.message
    context = {
        "province": province,
        "units": units_of(province=province, kind=kind, query=query, commune_level=True),
        "counts": unit_counts(province),
        "kinds": [(k, Unit.Kind(k).label) for k in Unit.COMMUNE_LEVEL],
        "kind": kind,
        "query": query,
        "address": address,
        "match": match,
        "address_error": address_error,
    }
    return render(request, "web/units/list.html", context)


def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        unit = unit_get(code)
    except NotFound as error:
        return render(request, "web/not_found.html", {"message": error.message}, status=404)
    return render(request, "web/units/detail.html", {"unit": unit})
