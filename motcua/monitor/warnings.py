"""Early warnings (dossiers due within one working day, overdue, online dossiers near the
8-working-hour limit) read from the open-dossier snapshot, and the daily digest to unit leaders."""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Final

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from motcua.accounts.access import scope_where
from motcua.accounts.models import User
from motcua.accounts.roles import Permission, Role
from motcua.core.calendar import WorkingCalendar
from motcua.dossiers.actions.processing import transfer_due_of
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import CLOCK_RUNNING, Status
from motcua.interop.actions import outbox_add
from motcua.interop.models import OutboxMessage
from motcua.interop.notifications import local_time
from motcua.monitor.models import DigestSent, OpenDossier
from motcua.payments.models import PaymentNotice
from motcua.payments.selectors import late_remittances_where
from motcua.units.models import Unit
from motcua.units.selectors import calendar_for_province

# An online dossier is flagged when this many working hours or fewer remain of its 8.
ONLINE_WARNING_HOURS: Final = Decimal(2)
DIGEST_AFTER: Final = time(7, 0)
DIGEST_ROLES: Final = (Role.UNIT_LEADER, Role.CENTRE_DIRECTOR)
LIST_LIMIT: Final = 50


@dataclass(frozen=True)
class Warnings:
    overdue: list[OpenDossier]
    due_soon: list[OpenDossier]
    online_decision: list[OpenDossier]
    # Received at a desk for another unit, the paper not sent in time (Art.18.2, 20.1.a).
    late_transfers: list[Dossier] = field(default_factory=list)
    # Charges collected and not remitted to the budget within 8 working hours (Art.24).
    late_remittances: list[PaymentNotice] = field(default_factory=list)

    @property
    def count(self) -> int:
        return (
            len(self.overdue)
            + len(self.due_soon)
            + len(self.online_decision)
            + len(self.late_transfers)
            + len(self.late_remittances)
        )


def late_transfers_where(where: Q, *, now: datetime, calendar: WorkingCalendar) -> list[Dossier]:
    """Accepted dossiers of the desks in `where` (a filter on the dossier) waiting to be sent to
    another unit after their paper-transfer deadline, counted from reception."""
    waiting = (
        Dossier.objects.filter(where, status=Status.ACCEPTED, transferred_at__isnull=True)
        .exclude(competent_unit=F("receiving_unit"))
        .select_related("receiving_unit", "competent_unit", "procedure")
        .order_by("accepted_at", "pk")
    )
    late = []
    for dossier in waiting[: LIST_LIMIT * 4]:
        due = transfer_due_of(dossier, calendar)
        if due is not None and due < now:
            dossier.transfer_due_at = due  # type: ignore[attr-defined]
            late.append(dossier)
    return late[:LIST_LIMIT]


def _limits(calendar: WorkingCalendar, now: datetime) -> tuple[datetime, datetime]:
    """The end of one working day from now, and the moment 2 working hours before now ends (an
    online decision due before then is near its limit)."""
    return (
        calendar.due_after_working_hours(now, calendar.office_hours.hours_per_day).due,
        calendar.due_after_working_hours(now, ONLINE_WARNING_HOURS).due,
    )


def warnings_where(
    where: Q, *, now: datetime, calendar: WorkingCalendar, desk_where: Q | None = None
) -> Warnings:
    """`desk_where`, a filter on dossiers by their receiving unit, adds the desk's late transfers
    and late remittances."""
    soon, online_soon = _limits(calendar, now)
    rows = OpenDossier.objects.filter(where).select_related("dossier", "procedure", "unit")
    running = rows.filter(status__in=CLOCK_RUNNING)
    return Warnings(
        overdue=list(running.filter(due_at__lt=now).order_by("due_at", "pk")[:LIST_LIMIT]),
        due_soon=list(
            running.filter(due_at__gte=now, due_at__lte=soon).order_by("due_at", "pk")[:LIST_LIMIT]
        ),
        online_decision=list(
            rows.filter(status=Status.NEW, decision_due_at__lte=online_soon).order_by(
                "decision_due_at", "pk"
            )[:LIST_LIMIT]
        ),
        late_transfers=[]
        if desk_where is None
        else late_transfers_where(desk_where, now=now, calendar=calendar),
        late_remittances=[]
        if desk_where is None
        else late_remittances_where(Q(dossier__in=Dossier.objects.filter(desk_where).values("pk")), now=now),
    )


def warnings_for(user: User | AnonymousUser, *, now: datetime | None = None) -> Warnings:
    """The early warnings of the units the user sees: handlers and leaders their unit's, province
    monitors their province's. Nobody else has any."""
    now = now or timezone.now()
    scope = scope_where(user, Permission.VIEW_UNIT_DATA)
    if not (scope.everything or scope.unit_ids or scope.province_ids):
        return Warnings([], [], [])
    # "One working day" on the calendar of the user's first unit: the units one person watches
    # are of one province.
    units = Unit.objects.select_related("province").order_by("pk")
    if not scope.everything:
        units = units.filter(Q(pk__in=sorted(scope.unit_ids)) | Q(province_id__in=sorted(scope.province_ids)))
    unit = units.first()
    if unit is None:
        return Warnings([], [], [])
    return warnings_where(
        scope.q("unit"),
        now=now,
        calendar=calendar_for_province(unit.province),
        desk_where=scope.q("receiving_unit"),
    )


def _digest_text(unit: Unit, found: Warnings) -> tuple[str, str]:
    subject = gettext("%(unit)s: %(count)s dossiers need attention today") % {
        "unit": unit.name,
        "count": found.count,
    }
    lines = [gettext("Early warnings of %(unit)s:") % {"unit": unit.name}, ""]
    sections = (
        (gettext("Overdue"), found.overdue, "due_at"),
        (gettext("Due within one working day"), found.due_soon, "due_at"),
        (
            gettext("Online dossiers close to the 8-working-hour limit"),
            found.online_decision,
            "decision_due_at",
        ),
    )
    for title, rows, moment in sections:
        if not rows:
            continue
        lines.append(f"{title} ({len(rows)}):")
        for row in rows:
            due = getattr(row, moment)
            lines.append(
                gettext("- %(code)s, %(procedure)s, due %(due)s")
                % {
                    "code": row.dossier.code,
                    "procedure": row.procedure.name,
                    "due": local_time(due) if due else "",
                }
            )
        lines.append("")
    if found.late_transfers:
        lines.append(f"{gettext('Paper dossiers not sent in time')} ({len(found.late_transfers)}):")
        for dossier in found.late_transfers:
            lines.append(
                gettext("- %(code)s, to %(unit)s, due %(due)s")
                % {
                    "code": dossier.code,
                    "unit": dossier.competent_unit.name,
                    "due": local_time(dossier.transfer_due_at),  # type: ignore[attr-defined]
                }
            )
        lines.append("")
    if found.late_remittances:
        lines.append(
            f"{gettext('Charges not remitted to the budget in time')} ({len(found.late_remittances)}):"
        )
        for notice in found.late_remittances:
            lines.append(
                gettext("- %(code)s, %(amount)s đồng, due %(due)s")
                % {
                    "code": notice.dossier.code,
                    "amount": notice.charges_total,
                    "due": local_time(notice.remittance_due_at) if notice.remittance_due_at else "",
                }
            )
        lines.append("")
    return subject, "\n".join(lines).strip() + "\n"


def digest_send(*, now: datetime | None = None) -> int:
    """Write each unit's daily digest of early warnings to its leaders' and centre director's
    e-mail, once a working day after 07:00 local time. A unit with nothing to warn about gets
    nothing. Each unit is its own transaction; the `DigestSent` row makes a second run a no-op.
    Returns the number of messages written."""
    now = now or timezone.now()
    written = 0
    units = Unit.objects.filter(pk__in=OpenDossier.objects.values("unit_id")).select_related("province")
    calendars: dict[int, WorkingCalendar] = {}
    for unit in units.order_by("pk"):
        calendar = calendars.setdefault(unit.province_id, calendar_for_province(unit.province))
        local = now.astimezone(calendar.tz)
        if not calendar.is_working_day(local.date()) or local.time() < DIGEST_AFTER:
            continue
        if DigestSent.objects.filter(unit=unit, day=local.date()).exists():
            continue
        found = warnings_where(Q(unit=unit), now=now, calendar=calendar, desk_where=Q(receiving_unit=unit))
        if not found.count:
            continue
        written += _digest_unit(unit, found, local.date())
    return written


def _digest_unit(unit: Unit, found: Warnings, day: date) -> int:
    leaders = (
        User.objects.filter(
            memberships__unit=unit,
            memberships__role__in=DIGEST_ROLES,
            memberships__active=True,
            is_active=True,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    with translation.override("vi"):
        subject, body = _digest_text(unit, found)
    try:
        with transaction.atomic():
            sent = DigestSent.objects.create(unit=unit, day=day)
            messages = [
                outbox_add(
                    channel=OutboxMessage.Channel.EMAIL,
                    recipient=leader.email,
                    subject=subject,
                    body=body,
                    event_kind="daily_digest",
                )
                for leader in leaders
            ]
            sent.messages = len(messages)
            sent.save(update_fields=["messages"])
    except IntegrityError:  # another run sent it meanwhile
        return 0
    return len(messages)
