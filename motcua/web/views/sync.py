"""The monitor's page of the synchronisation with the national public service portal: each unit's
sync rate (the 766 transparency indicator: synchronised / max(ours, the portal's)), what the portal
counts beside what we hold, what waits or failed, and the latest messages, so that a dossier's life
can be watched arriving there."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.accounts.models import User
from motcua.dossiers.selectors import visible_dossiers
from motcua.interop.models import EndpointCircuit, OutboxMessage
from motcua.interop.portal import CHANNEL, ENDPOINT
from motcua.interop.reconcile import sync_rates
from motcua.units.models import Unit

DAYS_CHOICES = (1, 7, 31)
RECENT = 20


@login_required
def sync(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User) or user.kind == User.Kind.CITIZEN:
        raise Http404  # as the other monitoring pages answer a citizen
    try:
        days = int(request.GET.get("days", "7"))
    except ValueError:
        days = 7
    days = days if days in DAYS_CHOICES else 7
    today = timezone.localdate()
    dossiers = visible_dossiers(user)
    rows = sync_rates(today - timedelta(days=days - 1), today, dossiers)
    identifiers = [row["unit"] for row in rows]
    names = {
        (unit.agency_code or unit.code): unit.name
        for unit in Unit.objects.filter(Q(agency_code__in=identifiers) | Q(code__in=identifiers))
    }
    for row in rows:
        row["name"] = names.get(row["unit"], row["unit"])
    messages = OutboxMessage.objects.filter(channel=CHANNEL, dossier__in=dossiers)
    counts = messages.aggregate(
        pending=Count("pk", filter=Q(status=OutboxMessage.Status.PENDING)),
        failed=Count("pk", filter=Q(status=OutboxMessage.Status.FAILED)),
    )
    context = {
        "rows": rows,
        "days": days,
        "days_choices": DAYS_CHOICES,
        "portal_reached": all(row["theirs"] is not None for row in rows),
        "pending": counts["pending"],
        "failed": counts["failed"],
        "circuit": EndpointCircuit.objects.filter(name=ENDPOINT).first(),
        "now": timezone.now(),
        "recent": messages.select_related("dossier").order_by("-pk")[:RECENT],
        "may_resend": user.has_perm("interop.change_outboxmessage"),
    }
    return render(request, "web/monitor/sync.html", context)
