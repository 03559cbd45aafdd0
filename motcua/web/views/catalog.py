"""The public catalogue of procedures: search, filters and the detail page."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import current_steps, field_list, procedure_get, procedure_search
from motcua.core.errors import NotFound


def procedure_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    field = request.GET.get("field", "")
    level = request.GET.get("level", "")
    if level not in Procedure.Level.values:
        level = ""
    procedures = procedure_search(query=query, field=field, level=level)
    page = Paginator(procedures, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "fields": field_list(),
        "levels": Procedure.Level.choices,
        "query": query,
        "field": field,
        "level": level,
    }
    return render(request, "web/catalog/list.html", context)


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        procedure = procedure_get(code)
    except NotFound as error:
        return render(request, "web/not_found.html", {"message": error.message}, status=404)
    context = {"procedure": procedure, "steps": current_steps(procedure)}
    return render(request, "web/catalog/detail.html", context)
