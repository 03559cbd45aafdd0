"""The officer's landing page with the counts of their queues, a queue with search and sort, and
the leader's view of the unit's workload per handler."""

from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.selectors import memberships_of
from motcua.core.errors import NotFound
from motcua.dossiers.clock import working_hours_left
from motcua.dossiers.models import Dossier, Supplement
from motcua.dossiers.policy import supplement_wait_long
from motcua.dossiers.selectors import dossiers_slice
from motcua.web.views.desk_http import actor, officials_only
from motcua.web.views.desk_reads import (
    QUEUE_INFO,
    SORTS,
    Calendars,
    assigning_units,
    due_soon_limit,
    handler_loads,
    home_province,
    nav_flags,
    queue_counts,
    queue_page,
    queues_for,
    unit_handlers,
    unit_work,
)

PAGE_SIZE = 50
# The most urgent online dossiers shown on the landing page, by time left to decide.
URGENT = 5


def _rows(dossiers: list[Dossier], calendars: Calendars, now: Any) -> list[tuple[Dossier, Decimal | None]]:
    """Each dossier with the working hours left to its current deadline."""
    rows = []
    for d in dossiers:
        left = working_hours_left(d, now, calendars.of(d.competent_unit.province))
        rows.append((d, None if left is None else left.quantize(Decimal("0.1"))))
    return rows


def _long_waits(dossiers: list[Dossier], now: Any) -> set[int]:
    """The dossiers of the page whose open supplement has been waited for too long: at reception
    nothing closes them (Art.17 provides no closure), so the desk sees them flagged."""
    waiting = Supplement.objects.filter(
        dossier_id__in=[d.pk for d in dossiers], provided_at__isnull=True, closed_at__isnull=True
    )
    return {s.dossier_id for s in waiting if supplement_wait_long(s, now)}


@officials_only
def landing(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    now = timezone.now()
    calendars = Calendars()
    soon = due_soon_limit(now, calendars.of(home_province()))
    queues = queues_for(user)
    counts = queue_counts(user, queues, now, soon)
    urgent: list[tuple[Dossier, Decimal | None]] = []
    if counts.get("decide"):
        page = list(queue_page(user, "decide", "", "due", now, soon)[:URGENT])
        urgent = _rows(page, calendars, now)
    context = {
        "queues": [(q, counts[q.name]) for q in queues if q.name != "all"],
        "urgent": urgent,
        "memberships": list(memberships_of(user)),
        "may_receive": "decide" in counts,
        "may_assign": "assign" in counts,
    }
    return render(request, "web/desk/landing.html", {**context, **nav_flags(actor(request))})


class QueuePaginator(Paginator):
    """Pages a queue through `dossiers_slice`: the page's ids first, then its rows."""

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        dossiers = self.object_list
        assert isinstance(dossiers, QuerySet)
        return Page(dossiers_slice(dossiers, bottom, top), number, self)


@officials_only
def queue(request: HttpRequest, name: str) -> HttpResponse:
    user = actor(request)
    info = QUEUE_INFO.get(name)
    if info is None:
        raise NotFound(_("There is no such queue."))
    query = request.GET.get("q", "").strip()[:100]
    sort = request.GET.get("sort", "due")
    if sort not in SORTS:
        sort = "due"
    now = timezone.now()
    calendars = Calendars()
    soon = due_soon_limit(now, calendars.of(home_province()))
    dossiers = queue_page(user, name, query, sort, now, soon)
    page = QueuePaginator(dossiers, PAGE_SIZE).get_page(request.GET.get("page"))
    listed = list(page.object_list)
    context = {
        "info": info,
        "queues": queues_for(user),
        "page": page,
        "rows": _rows(listed, calendars, now),
        "long_waits": _long_waits(listed, now) if name == "supplement" else set(),
        "query": query,
        "sort": sort,
        "deadline_label": _("Decision due") if name == "decide" else _("Due"),
    }
    if request.headers.get("HX-Request"):
        return render(request, "web/desk/_queue_results.html", {**context, "oob": True})
    return render(request, "web/desk/queue.html", {**context, **nav_flags(actor(request))})


@officials_only
def workload(request: HttpRequest) -> HttpResponse:
    """Open dossiers per handler of a unit the leader assigns in, and the dossiers in processing,
    each of which can be handed to another handler."""
    user = actor(request)
    units = list(assigning_units(user))
    if not units:
        raise NotFound(_("You do not assign dossiers in any unit."))
    unit = next((u for u in units if u.code == request.GET.get("unit")), units[0])
    now = timezone.now()
    handlers = unit_handlers(unit)
    loads = handler_loads(user, unit, handlers, now)
    page = Paginator(unit_work(user, unit), PAGE_SIZE).get_page(request.GET.get("page"))
    calendars = Calendars()
    context = {
        "units": units,
        "unit": unit,
        "loads": loads,
        "handlers": handlers,
        "page": page,
        "rows": _rows(list(page.object_list), calendars, now),
        "total_open": sum(load.open for load in loads),
    }
    return render(request, "web/desk/workload.html", {**context, **nav_flags(actor(request))})
