"""Reads for dossiers, always scoped to the acting user: a dossier the user may not see does not
exist for them (404, never 403)."""

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.accounts.access import scope_where
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.catalog.models import ProcessStep
from motcua.core.errors import InvalidInput
from motcua.dossiers.actions.common import not_found
from motcua.dossiers.models import Dossier, Event
from motcua.dossiers.states import CLOCK_RUNNING, Status

QUEUES = (
    "all",
    "decide",
    "transfer",
    "assign",
    "process",
    "approve",
    "supplement",
    "return",
    "due_soon",
    "overdue",
)


def visible_dossiers(user: User | AnonymousUser) -> QuerySet[Dossier]:
    """Officials see dossiers their unit receives or settles (monitors: their province); a citizen
    sees their own; nobody else sees any."""
    if not user.is_authenticated or not user.is_active:
        return Dossier.objects.none()
    if user.is_superuser:
        return Dossier.objects.all()
    viewing = scope_where(user, Permission.VIEW_UNIT_DATA)
    scope = viewing.q("receiving_unit") | viewing.q("competent_unit")
    if isinstance(user, User) and user.kind == User.Kind.CITIZEN:
        scope = Q(applicant_user=user)
        if user.national_id:
            scope |= Q(applicant_national_id=user.national_id)
    return Dossier.objects.filter(scope)


def dossier_get(*, actor: User | AnonymousUser, code: str) -> Dossier:
    dossier = (
        visible_dossiers(actor)
        .select_related("procedure__field", "receiving_unit__province", "competent_unit__province", "handler")
        .filter(code=code)
        .first()
    )
    if dossier is None:
        raise not_found(code)
    return dossier


def dossier_events(dossier: Dossier) -> list[Event]:
    return list(dossier.events.select_related("actor").order_by("seq"))


def dossier_steps(dossier: Dossier) -> list[ProcessStep]:
    return list(ProcessStep.objects.filter(version_id=dossier.process_version_id).order_by("position"))


def dossier_queue(
    *,
    actor: User | AnonymousUser,
    queue: str = "all",
    query: str = "",
    now: datetime,
    soon: datetime | None = None,
) -> QuerySet[Dossier]:
    """A work queue of the actor, optionally searched by code, applicant name, ID number or
    procedure. `soon` is the end of the next working day (for `due_soon`)."""
    if queue not in QUEUES:
        raise InvalidInput(
            _("Unknown queue “%(queue)s”. Choose one of: %(queues)s.")
            % {"queue": queue, "queues": ", ".join(QUEUES)},
            field="queue",
        )
    dossiers = visible_dossiers(actor).select_related(
        "procedure", "receiving_unit", "competent_unit", "handler"
    )
    receiving = scope_where(actor, Permission.RECEIVE_DOSSIER).q("receiving_unit")
    if queue == "decide":
        dossiers = dossiers.filter(receiving, status=Status.NEW).order_by(
            F("decision_due_at").asc(nulls_last=True), "received_at"
        )
    elif queue == "transfer":
        dossiers = dossiers.filter(receiving, status=Status.ACCEPTED, transferred_at__isnull=True).exclude(
            competent_unit=F("receiving_unit")
        )
    elif queue == "assign":
        dossiers = dossiers.filter(
            Q(transferred_at__isnull=False) | Q(competent_unit=F("receiving_unit")),
            scope_where(actor, Permission.ASSIGN_DOSSIER).q("competent_unit"),
            status=Status.ACCEPTED,
        )
    elif queue == "process":
        dossiers = dossiers.filter(status=Status.PROCESSING, handler_id=getattr(actor, "pk", None))
    elif queue == "approve":
        dossiers = dossiers.filter(
            scope_where(actor, Permission.APPROVE_DOSSIER).q("competent_unit"), status=Status.PENDING_APPROVAL
        )
    elif queue == "supplement":
        dossiers = dossiers.filter(status=Status.SUPPLEMENT_REQUESTED)
    elif queue == "return":
        dossiers = dossiers.filter(receiving, status=Status.PROCESSED)
    elif queue == "due_soon":
        dossiers = dossiers.filter(status__in=CLOCK_RUNNING, due_at__gte=now, due_at__lte=soon or now)
    elif queue == "overdue":
        dossiers = dossiers.filter(status__in=CLOCK_RUNNING, due_at__lt=now)
    query = query.strip()
    if query:
        match = Q(code__icontains=query) | Q(applicant_name__icontains=query) | Q(procedure__code=query)
        if query.isdigit() and len(query) == 12:
            match |= Q(applicant_national_id=query)
        dossiers = dossiers.filter(match)
    if queue in ("decide",):
        return dossiers
    if queue in ("transfer", "assign", "process", "approve", "due_soon", "overdue"):
        return dossiers.order_by(F("due_at").asc(nulls_last=True), "pk")
    return dossiers.order_by("-received_at", "-pk")


def dossiers_slice(dossiers: QuerySet[Dossier], start: int, stop: int) -> list[Dossier]:
    """`dossiers[start:stop]` in two steps: the ids of the slice, sorted on the dossier table
    alone, then those rows with their joins. A unit's queue can hold tens of thousands of
    dossiers; sorting all of them joined to their procedure, units and handler to keep fifty
    took most of a queue page's time."""
    ids = list(dossiers.values_list("pk", flat=True)[start:stop])
    rows = dossiers.in_bulk(ids)
    return [rows[pk] for pk in ids]


def dossier_track(*, code: str, secret: str) -> Dossier:
    """Public tracking: the code plus the last 4 digits of the applicant's phone or ID number.
    A wrong secret and an unknown code answer alike."""
    secret = secret.strip()
    if len(secret) != 4 or not secret.isdigit():
        raise InvalidInput(
            _("Enter the last 4 digits of the applicant's phone number or personal ID number."),
            field="secret",
        )
    dossier = (
        Dossier.objects.select_related("procedure", "receiving_unit", "competent_unit__province")
        .prefetch_related(Prefetch("supplements"))
        .filter(code=code.strip())
        .first()
    )
    if dossier is None or secret not in (dossier.applicant_phone[-4:], dossier.applicant_national_id[-4:]):
        raise not_found(code)
    return dossier
