"""Writes on action programmes: each one transaction, each writing its event. A commune's
leaders (and whoever manages the unit) write their programme; everyone of the unit reads it."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts.access import can
from motcua.accounts.models import Membership, User
from motcua.accounts.roles import Permission, Role
from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.programmes.models import Evaluation, Programme, ProgrammeEvent, Progress, Source, Target, Task
from motcua.programmes.selectors import overdue
from motcua.units.models import Unit

MANAGE_PERMISSIONS = (Permission.APPROVE_DOSSIER, Permission.ASSIGN_DOSSIER, Permission.MANAGE_UNIT)
NOT_FOUND = _("No programme of yours has this number.")


def may_manage(user: User | None, unit: Unit) -> bool:
    return user is not None and any(can(user, p, unit) for p in MANAGE_PERMISSIONS)


def _check(actor: User | None, unit: Unit) -> None:
    if actor is not None and not may_manage(actor, unit):
        raise NotFound(NOT_FOUND)


def _event(programme: Programme, kind: str, actor: User | None, at: datetime, **data: Any) -> None:
    ProgrammeEvent.objects.create(programme=programme, kind=kind, actor=actor, at=at, data=data)


@transaction.atomic
def programme_create(
    *,
    actor: User | None,
    unit: Unit,
    number: str,
    title: str,
    issued_on: date,
    start: date,
    end: date,
    at: datetime | None = None,
) -> Programme:
    at = at or timezone.now()
    _check(actor, unit)
    if end < start:
        raise InvalidInput(_("The programme must end after it starts."), field="end")
    programme = Programme(
        unit=unit, number=number.strip(), title=title.strip(), issued_on=issued_on, start=start, end=end
    )
    programme.full_clean(exclude=["unit"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            programme.save()
    except IntegrityError as error:
        raise Conflict(_("The unit already has a programme with this number."), code="duplicate") from error
    _event(programme, ProgrammeEvent.Kind.CREATED, actor, at, number=programme.number)
    return programme


@dataclass(frozen=True)
class FiveClears:
    """The person, the work, the responsibility (lead and coordinating), the deadline, the result."""

    work: str
    person: str
    lead: str
    deadline: date
    expected_result: str
    coordinating: str = ""
    kind: str = Task.Kind.KEY
    person_user: User | None = None


@transaction.atomic
def task_add(
    *, actor: User | None, programme: Programme, clears: FiveClears, at: datetime | None = None
) -> Task:
    """A task is accepted only with all five clears."""
    at = at or timezone.now()
    _check(actor, programme.unit)
    missing = [
        name
        for name, value in (
            ("work", clears.work),
            ("person", clears.person),
            ("lead", clears.lead),
            ("expected_result", clears.expected_result),
        )
        if not value.strip()
    ]
    if missing:
        raise InvalidInput(
            _("A task needs its person, work, lead unit, deadline and expected result."), field=missing[0]
        )
    if not programme.start <= clears.deadline <= programme.end:
        raise InvalidInput(_("The deadline must fall within the programme."), field="deadline")
    task = Task(
        programme=programme,
        kind=clears.kind,
        work=clears.work.strip(),
        person=clears.person.strip(),
        person_user=clears.person_user,
        lead=clears.lead.strip(),
        coordinating=clears.coordinating.strip(),
        deadline=clears.deadline,
        expected_result=clears.expected_result.strip(),
    )
    task.full_clean(exclude=["programme", "person_user"])
    task.save()
    _event(
        programme,
        ProgrammeEvent.Kind.TASK_ADDED,
        actor,
        at,
        task=task.pk,
        deadline=clears.deadline.isoformat(),
    )
    return task


@transaction.atomic
def task_evaluate(
    *,
    actor: User,
    task: Task,
    status: str,
    comment: str = "",
    year_end: bool = False,
    at: datetime | None = None,
) -> Evaluation:
    """Mark a task done, on track, late or not done, with the evaluator's comment."""
    at = at or timezone.now()
    locked = Task.objects.select_for_update().select_related("programme__unit").get(pk=task.pk)
    _check(actor, locked.programme.unit)
    if status not in (Task.Status.ON_TRACK, Task.Status.LATE, Task.Status.DONE, Task.Status.NOT_DONE):
        raise InvalidInput(_("Choose done, on track, late or not done."), field="status")
    if status != Task.Status.ON_TRACK and status != Task.Status.DONE and not comment.strip():
        raise InvalidInput(_("Say why the task is late or not done."), field="comment")
    evaluation = Evaluation.objects.create(
        task=locked, status=status, year_end=year_end, comment=comment.strip(), at=at, by=actor
    )
    locked.status = status
    locked.save(update_fields=["status"])
    _event(
        locked.programme,
        ProgrammeEvent.Kind.EVALUATED,
        actor,
        at,
        task=locked.pk,
        status=status,
        year_end=year_end,
    )
    return evaluation


@transaction.atomic
def target_add(
    *,
    actor: User | None,
    programme: Programme,
    indicator: str,
    measure: str,
    baseline: Decimal,
    target: Decimal,
    due: date,
    source: str = Source.REPORTED,
    at: datetime | None = None,
) -> Target:
    at = at or timezone.now()
    _check(actor, programme.unit)
    if baseline == target:
        raise InvalidInput(_("The target value must differ from the baseline."), field="target")
    if not indicator.strip():
        raise InvalidInput(_("Name the indicator."), field="indicator")
    if source not in Source.values:
        raise InvalidInput(_("Choose where the figures come from."), field="source")
    item = Target.objects.create(
        programme=programme,
        indicator=indicator.strip(),
        measure=measure.strip()[:32],
        baseline=baseline,
        target=target,
        due=due,
        source=source,
    )
    _event(programme, ProgrammeEvent.Kind.TARGET_ADDED, actor, at, target=item.pk)
    return item


@transaction.atomic
def progress_report(
    *,
    actor: User,
    target: Target,
    period_end: date,
    value: Decimal,
    evidence: str = "",
    at: datetime | None = None,
) -> Progress:
    """The figure of a target for the period ending `period_end`; once per period."""
    at = at or timezone.now()
    _check(actor, target.programme.unit)
    if target.source != Source.REPORTED:
        raise Conflict(_("This target takes its figures from motcua: nothing to report."), code="automatic")
    try:
        with transaction.atomic():
            report = Progress.objects.create(
                target=target, period_end=period_end, value=value, evidence=evidence.strip(), at=at, by=actor
            )
    except IntegrityError as error:
        raise Conflict(_("This period has already been reported."), code="duplicate") from error
    _event(
        target.programme,
        ProgrammeEvent.Kind.REPORTED,
        actor,
        at,
        target=target.pk,
        period_end=period_end.isoformat(),
        value=str(value),
    )
    return report


# Warn again a week after the last warning while the task stays overdue.
WARN_EVERY_DAYS = 7


def _recipients(task: Task) -> list[str]:
    leaders = Membership.objects.filter(
        unit=task.programme.unit, role=Role.UNIT_LEADER, active=True, user__is_active=True
    ).values_list("user__email", flat=True)
    emails = {e for e in leaders if e}
    if task.person_user is not None and task.person_user.email:
        emails.add(task.person_user.email)
    return sorted(emails)


def _warn(task: Task, recipients: list[str]) -> None:
    subject = gettext("Overdue task: %(work)s") % {"work": task.work[:120]}
    body = gettext(
        "The task “%(work)s” of the programme %(number)s was due on %(deadline)s. "
        "Person in charge: %(person)s."
    ) % {
        "work": task.work,
        "number": task.programme.number,
        "deadline": task.deadline.strftime("%d/%m/%Y"),
        "person": task.person,
    }
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)
    )


def overdue_warn(*, today: date) -> int:
    """Warn the person in charge and the unit's leaders of each overdue task, by e-mail after
    commit, then again every week while it stays overdue. Each task is claimed by a conditional
    update, so two runs on one day warn once. Returns the number of tasks warned."""
    stale = Q(warned_on__isnull=True) | Q(warned_on__lte=today - timedelta(days=WARN_EVERY_DAYS))
    warned = 0
    due = Task.objects.filter(overdue(today)).filter(stale).select_related("programme__unit", "person_user")
    for task in due:
        with transaction.atomic():
            claimed = Task.objects.filter(pk=task.pk, warned_on=task.warned_on).update(warned_on=today)
            if not claimed:
                continue
            recipients = _recipients(task)
            _event(
                task.programme,
                ProgrammeEvent.Kind.WARNED,
                None,
                timezone.now(),
                task=task.pk,
                to=len(recipients),
            )
            if recipients:
                _warn(task, recipients)
            warned += 1
    return warned
