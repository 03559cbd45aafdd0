"""The dossiers behind a figure, and the handlers behind them. These read the dossiers themselves
(one unit, one period), so they are pages of their own, paged, never part of a dashboard."""

from datetime import datetime, time, timedelta
from typing import Any, Final

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Procedure
from motcua.core.calendar import VIETNAM_TZ
from motcua.core.errors import InvalidInput
from motcua.documents.models import Reuse
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import CLOCK_RUNNING, Channel, ResultKind, Status
from motcua.monitor.counting import OPEN_STATUSES
from motcua.monitor.selectors import Period

_ONLINE = Q(channel=Channel.ONLINE)
# Settled late: after the original due time, or after more than one supplement request (766: 2.1).
_LATE_TIME = Q(resolved_at__gt=F("original_due_at"))
_LATE = _LATE_TIME | Q(supplements_asked__gt=1)
_EARLY = Q(resolved_day__lt=F("due_day"))
# measure: (label, the date that puts the dossier in the period, the filter).
MEASURES: Final = {
    "received": (_("Received"), "received_at", Q()),
    "online": (_("Received online"), "received_at", _ONLINE),
    "in_person": (_("Received in person"), "received_at", Q(channel=Channel.IN_PERSON)),
    "post": (_("Received by post"), "received_at", Q(channel=Channel.POST)),
    "offline": (_("Not submitted online"), "received_at", ~_ONLINE),
    "full_online_offline": (
        _("Fully-online procedure, not submitted online"),
        "received_at",
        ~_ONLINE & Q(procedure__online_level=Procedure.OnlineLevel.FULL),
    ),
    "fee_offline": (
        _("With a fee, not submitted online"),
        "received_at",
        ~_ONLINE & Q(procedure__fees__amount__gt=0),
    ),
    "not_digitised": (_("Not received as electronic files"), "received_at", ~_ONLINE),
    "accepted": (_("Accepted"), "accepted_at", Q()),
    "not_accepted": (_("Not accepted"), "finished_at", Q(status=Status.NOT_ACCEPTED)),
    "decided_late": (
        _("Online, accepted after the 8 working hours"),
        "accepted_at",
        _ONLINE & Q(accepted_at__gt=F("decision_due_at")),
    ),
    "resolved": (_("Settled"), "resolved_at", Q()),
    "early": (_("Settled early"), "resolved_at", _EARLY),
    "on_time": (_("Settled on time"), "resolved_at", ~_LATE & ~_EARLY),
    "late": (_("Settled late"), "resolved_at", _LATE),
    "result_refused": (_("Refused at the decision"), "resolved_at", Q(result_kind=ResultKind.REFUSED)),
    "returned_on_paper": (
        _("Result returned on paper"),
        "finished_at",
        Q(status=Status.RETURNED) & ~Q(returned_via=Channel.ONLINE),
    ),
    "supplements": (_("Supplement requested"), "supplements__requested_at", Q()),
    "extensions": (_("Appointment moved, with an apology"), "extension__at", Q()),
    "withdrawn": (_("Withdrawn"), "finished_at", Q(status=Status.WITHDRAWN)),
    "not_reused": (
        _("Received without reusing digitised data"),
        "received_at",
        ~Exists(Reuse.objects.filter(dossier=OuterRef("pk"))),
    ),
}
# Dossiers that cost points, read apart (they mix several dates): late in the progress indicator
# (766: 2.1), and late or disliked in the satisfaction one (5.4).
JUDGED: Final = {
    "progress_late": _("Handled late: settled, stopped or withdrawn late, or overdue at the end"),
    "dissatisfied": _("Handled late, or disliked"),
}
# Figures of "now", whatever the period.
NOW_MEASURES: Final = {
    "in_progress": _("In progress now"),
    "overdue": _("Overdue now"),
}


def _bounds(period: Period) -> tuple[datetime, datetime]:
    start = datetime.combine(period.start, time.min, VIETNAM_TZ)
    return start, datetime.combine(period.end + timedelta(days=1), time.min, VIETNAM_TZ)


def measure_label(measure: str) -> str:
    if measure in MEASURES:
        return str(MEASURES[measure][0])
    if measure in JUDGED:
        return str(JUDGED[measure])
    if measure in NOW_MEASURES:
        return str(NOW_MEASURES[measure])
    raise InvalidInput(_("Unknown figure “%(measure)s”.") % {"measure": measure}, field="measure")


def figure_dossiers(
    *, dossiers: QuerySet[Dossier], unit_id: int, measure: str, period: Period, now: datetime
) -> QuerySet[Dossier]:
    """The dossiers counted by a figure of a unit. `dossiers` is the actor's visible set."""
    measure_label(measure)
    mine = dossiers.filter(competent_unit_id=unit_id).select_related("procedure", "handler", "receiving_unit")
    if measure == "in_progress":
        return mine.filter(
            Q(status__in=CLOCK_RUNNING) | Q(status=Status.SUPPLEMENT_REQUESTED, accepted_at__isnull=False)
        ).order_by("due_at", "pk")
    if measure == "overdue":
        return mine.filter(status__in=CLOCK_RUNNING, due_at__lt=now).order_by("due_at", "pk")
    if measure in JUDGED:
        return _judged(mine, measure, period, now)
    _label, moment, condition = MEASURES[measure]
    start, end = _bounds(period)
    found = mine.filter(**{f"{moment}__gte": start, f"{moment}__lt": end})
    if measure in ("late", "on_time"):
        found = found.annotate(supplements_asked=Count("supplements", distinct=True))
    if measure in ("early", "on_time"):
        found = found.annotate(
            resolved_day=TruncDate("resolved_at", tzinfo=VIETNAM_TZ),
            due_day=TruncDate("original_due_at", tzinfo=VIETNAM_TZ),
        )
    return found.filter(condition).distinct().order_by(moment, "pk")


def _judged(mine: QuerySet[Dossier], measure: str, period: Period, now: datetime) -> QuerySet[Dossier]:
    """The dossiers the progress indicator (766: 2.1) found late in the period: settled after their
    original due time, stopped or withdrawn after it (judged at the supplement request they were
    waiting on, if any), still open and past it at the end of the period (or now), or with more than
    one supplement request. For satisfaction (5.4), also those disliked in the period."""
    start, end = _bounds(period)
    judged_at = min(now, end)
    found = mine.annotate(
        supplements_asked=Count("supplements", distinct=True),
        waited=Max(
            "supplements__requested_at",
            filter=Q(supplements__provided_at__isnull=True, supplements__closed_at=F("finished_at")),
        ),
        waiting=Max(
            "supplements__requested_at",
            filter=Q(supplements__provided_at__isnull=True, supplements__closed_at__isnull=True),
        ),
    ).annotate(ended_at=Coalesce("waited", "finished_at"))
    twice = Q(supplements_asked__gt=1)
    settled = Q(resolved_at__gte=start, resolved_at__lt=end) & (
        Q(resolved_at__gt=F("original_due_at")) | twice
    )
    ended = (
        Q(status__in=(Status.STOPPED, Status.WITHDRAWN), accepted_at__isnull=False)
        & Q(finished_at__gte=start, finished_at__lt=end)
        & (Q(ended_at__gt=F("original_due_at")) | twice)
    )
    waiting = Q(status=Status.SUPPLEMENT_REQUESTED)
    still_open = Q(status__in=OPEN_STATUSES, accepted_at__isnull=False, accepted_at__lt=end) & (
        twice
        | (waiting & Q(waiting__gt=F("original_due_at")))
        | (~waiting & Q(original_due_at__lt=judged_at))
    )
    condition = settled | ended | still_open
    if measure == "dissatisfied":
        condition |= Q(rating__dislike=True, rating__at__gte=start, rating__at__lt=end)
    return found.filter(condition).order_by("original_due_at", "pk")


def handlers_of(
    *, dossiers: QuerySet[Dossier], unit_id: int, period: Period, now: datetime
) -> list[dict[str, Any]]:
    """Per handler of the unit: dossiers settled in the period, of them late, and open now."""
    start, end = _bounds(period)
    rows = (
        dossiers.filter(competent_unit_id=unit_id, handler__isnull=False)
        .filter(Q(resolved_at__gte=start, resolved_at__lt=end) | Q(status__in=CLOCK_RUNNING))
        .values("handler_id", "handler__full_name", "handler__username")
        .annotate(
            resolved=Count("pk", filter=Q(resolved_at__gte=start, resolved_at__lt=end)),
            late=Count("pk", filter=Q(resolved_at__gte=start, resolved_at__lt=end) & _LATE_TIME),
            open=Count("pk", filter=Q(status__in=CLOCK_RUNNING)),
            overdue=Count("pk", filter=Q(status__in=CLOCK_RUNNING, due_at__lt=now)),
        )
        .order_by("-late", "-resolved", "handler__username")
    )
    return [dict(row) for row in rows]
