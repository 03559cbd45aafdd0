"""The public home page of the province."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.catalog.selectors import field_list, procedure_search
from motcua.units.models import Unit
from motcua.units.selectors import province_get, unit_counts


def home(request: HttpRequest) -> HttpResponse:
    province = province_get(settings.MOTCUA_PROVINCE_CODE)
    counts = unit_counts(province)
    context = {
        "province": province,
        "unit_total": sum(counts.values()),
        "communes": counts.get(Unit.Kind.COMMUNE, 0),
        "wards": counts.get(Unit.Kind.WARD, 0),
        "special_zones": counts.get(Unit.Kind.SPECIAL_ZONE, 0),
        "fields": field_list(),
        "procedure_total": procedure_search().count(),
    }
    return render(request, "web/home.html", context)
