"""Reads on feedback, scoped: an item of a unit the official may not see does not exist for them."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.access import scope_where
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.core.calendar import VIETNAM_TZ
from motcua.core.errors import NotFound
from motcua.feedback.models import Feedback, FeedbackEvent


def visible_feedback(user: User | AnonymousUser) -> QuerySet[Feedback]:
    if not user.is_authenticated or not user.is_active:
        return Feedback.objects.none()
    if user.is_superuser:
        return Feedback.objects.all()
    if isinstance(user, User) and user.kind == User.Kind.CITIZEN:
        return Feedback.objects.filter(citizen=user)
    return Feedback.objects.filter(scope_where(user, Permission.VIEW_UNIT_DATA).q("unit"))


def feedback_get(*, actor: User | AnonymousUser, pk: int) -> Feedback:
    item = (
        visible_feedback(actor)
        .select_related("unit__province", "dossier", "answered_by")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise NotFound(_("No feedback has this number."))
    return item


def feedback_by_token(token: str) -> Feedback:
    """The citizen's own view of their item, by the token they were given."""
    item = Feedback.objects.select_related("unit", "dossier").filter(token=token.strip()).first()
    if item is None or not token.strip():
        raise NotFound(_("No feedback has this code."))
    return item


def feedback_events(item: Feedback) -> list[FeedbackEvent]:
    return list(item.events.select_related("actor"))


def feedback_queue(
    user: User | AnonymousUser, *, state: str = "open", now: datetime | None = None
) -> QuerySet[Feedback]:
    """`open` (not answered, soonest deadline first), `overdue` (open and past the deadline),
    `answered` (answered or closed, newest first)."""
    now = now or timezone.now()
    items = visible_feedback(user).select_related("unit")
    if state == "overdue":
        return items.filter(status=Feedback.Status.RECEIVED, due_at__lt=now).order_by("due_at", "pk")
    if state == "answered":
        return items.exclude(status=Feedback.Status.RECEIVED).order_by("-answered_at", "-pk")
    return items.filter(status=Feedback.Status.RECEIVED).order_by("due_at", "pk")


def feedback_overdue_count(user: User | AnonymousUser, *, now: datetime | None = None) -> int:
    return feedback_queue(user, state="overdue", now=now).count()


def feedback_public(*, unit_code: str = "") -> QuerySet[Feedback]:
    """Answered items marked public, for everyone: title, question and answer, never the person."""
    items = (
        Feedback.objects.filter(public=True)
        .exclude(status=Feedback.Status.RECEIVED)
        .select_related("unit")
        .only(
            "pk",
            "title",
            "text",
            "answer",
            "answered_at",
            "received_at",
            "subject",
            "unit__name",
            "unit__code",
        )
        .order_by("-answered_at", "-pk")
    )
    if unit_code:
        items = items.filter(unit__code=unit_code)
    return items


@dataclass(frozen=True)
class FeedbackFigures:
    """One unit's feedback in a period, for the 766 index's satisfaction group.

    received: items received in the period; due: items whose deadline fell in the period;
    on_time: of those due, answered by their deadline; answered: items answered in the period;
    satisfied / dissatisfied: ratings given in the period."""

    received: int = 0
    due: int = 0
    on_time: int = 0
    answered: int = 0
    satisfied: int = 0
    dissatisfied: int = 0


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, end+1 00:00) in Vietnam time, both days included."""
    return (
        datetime.combine(start, time.min, tzinfo=VIETNAM_TZ),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=VIETNAM_TZ),
    )


def feedback_figures(unit_ids: list[int] | None, start: date, end: date) -> dict[int, FeedbackFigures]:
    """Per unit id (all units when `unit_ids` is None), the figures of the days `start`..`end`
    (Vietnam dates, both included). Units with no feedback are absent. Four queries."""
    low, high = _bounds(start, end)
    items = Feedback.objects.all() if unit_ids is None else Feedback.objects.filter(unit_id__in=unit_ids)
    counts: dict[int, dict[str, int]] = {}

    def add(rows: QuerySet, names: tuple[str, ...]) -> None:
        for row in rows:
            slot = counts.setdefault(row["unit_id"], {})
            for name in names:
                slot[name] = slot.get(name, 0) + row[name]

    add(
        items.filter(received_at__gte=low, received_at__lt=high)
        .values("unit_id")
        .annotate(n_received=Count("pk")),
        ("n_received",),
    )
    add(
        items.filter(due_at__gte=low, due_at__lt=high)
        .values("unit_id")
        .annotate(n_due=Count("pk"), n_on_time=Count("pk", filter=Q(answered_at__lte=F("due_at")))),
        ("n_due", "n_on_time"),
    )
    add(
        items.filter(answered_at__gte=low, answered_at__lt=high)
        .values("unit_id")
        .annotate(n_answered=Count("pk")),
        ("n_answered",),
    )
    add(
        items.filter(rated_at__gte=low, rated_at__lt=high)
        .values("unit_id")
        .annotate(
            n_satisfied=Count("pk", filter=Q(satisfied=True)),
            n_dissatisfied=Count("pk", filter=Q(satisfied=False)),
        ),
        ("n_satisfied", "n_dissatisfied"),
    )
    return {
        unit_id: FeedbackFigures(**{name.removeprefix("n_"): value for name, value in slot.items()})
        for unit_id, slot in counts.items()
    }
