"""Writes on feedback: each in one transaction, each writing its event row."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts.access import can
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.core.calendar import VIETNAM_TZ
from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.dossiers.attachments import IncomingFile, files_check
from motcua.dossiers.models import Dossier
from motcua.feedback.models import DEFAULT_WORKING_DAYS, Feedback, FeedbackAttachment, FeedbackEvent
from motcua.units.models import Province, Unit
from motcua.units.selectors import calendar_for_province

MAX_TEXT = 5000
MAX_FILES = 5

# What a citizen may call their message. Complaints and denunciations are another regime.
NATURES = ("feedback", "recommendation", "question", "complaint", "denunciation")
OTHER_REGIME = ("complaint", "denunciation")

OTHER_REGIME_MESSAGE = _(
    "Complaints and denunciations are not handled here: they follow the Law on Complaints (2011) and "
    "the Law on Denunciations (2018). Send them in writing to the head of the body whose decision or "
    "officer you complain of, or to the citizen reception office (Ban tiếp công dân) of the commune or "
    "province."
)

# Who may answer or pass on an item of the unit.
ANSWER_PERMISSIONS = (Permission.HANDLE_DOSSIER, Permission.ASSIGN_DOSSIER, Permission.APPROVE_DOSSIER)
ASSIGN_PERMISSIONS = (Permission.RECEIVE_DOSSIER, Permission.ASSIGN_DOSSIER)


@dataclass(frozen=True)
class Submission:
    subject: str
    title: str
    text: str
    name: str
    phone: str = ""
    email: str = ""
    nature: str = "feedback"
    unit_code: str = ""
    dossier_code: str = ""
    procedure_code: str = ""
    official_name: str = ""
    language: str = "vi"
    external_id: str = ""
    address: str = ""
    lat: Decimal | None = None
    long: Decimal | None = None
    # The citizen agrees that the message and its answer are published, without their name or contact.
    publish: bool = True
    files: list[IncomingFile] = field(default_factory=list)


def handling_days(province: Province) -> int:
    period = getattr(province, "feedback_period", None)
    return period.working_days if period is not None else DEFAULT_WORKING_DAYS


def may_answer(user: User | None, unit: Unit) -> bool:
    return user is not None and any(can(user, p, unit) for p in ANSWER_PERMISSIONS)


def may_assign(user: User | None, unit: Unit) -> bool:
    return user is not None and any(can(user, p, unit) for p in ASSIGN_PERMISSIONS + ANSWER_PERMISSIONS)


def _event(
    feedback: Feedback, kind: str, at: datetime, actor: User | None, note: str = "", **data: Any
) -> None:
    FeedbackEvent.objects.create(feedback=feedback, kind=kind, at=at, actor=actor, note=note, data=data)


def _resolve(s: Submission) -> tuple[Unit, Dossier | None]:
    dossier = None
    if s.dossier_code.strip():
        dossier = (
            Dossier.objects.select_related("competent_unit__province")
            .filter(code=s.dossier_code.strip())
            .first()
        )
        if dossier is None:
            raise InvalidInput(_("No dossier has this code."), field="dossier_code")
        return dossier.competent_unit, dossier
    if s.subject == Feedback.Subject.DOSSIER:
        raise InvalidInput(_("Give the code of the dossier."), field="dossier_code")
    unit = Unit.objects.select_related("province").filter(code=s.unit_code.strip()).first()
    if unit is None:
        raise InvalidInput(_("Choose the unit your message is about."), field="unit_code")
    return unit, None


def _validate(s: Submission, citizen: User | None, *, contact_required: bool) -> None:
    if s.nature in OTHER_REGIME:
        raise InvalidInput(OTHER_REGIME_MESSAGE, field="nature", code="other_regime")
    if s.nature not in NATURES:
        raise InvalidInput(_("Choose what kind of message this is."), field="nature")
    if s.subject not in Feedback.Subject.values:
        raise InvalidInput(_("Choose what your message is about."), field="subject")
    if not s.title.strip() or len(s.title) > 200:
        raise InvalidInput(_("Give a title of at most 200 characters."), field="title")
    if not s.text.strip() or len(s.text) > MAX_TEXT:
        raise InvalidInput(
            _("Write your message, at most %(limit)s characters.") % {"limit": MAX_TEXT}, field="text"
        )
    if not s.name.strip() and citizen is None:
        raise InvalidInput(_("Give your name."), field="name")
    if (
        contact_required
        and citizen is None
        and not s.external_id
        and not (s.phone.strip() or s.email.strip())
    ):
        raise InvalidInput(
            _("Give a phone number or an e-mail address so that the answer reaches you."), field="phone"
        )
    if s.phone.strip() and not (s.phone.strip().isdigit() and 9 <= len(s.phone.strip()) <= 15):
        raise InvalidInput(_("Enter the phone number in digits."), field="phone")
    if len(s.files) > MAX_FILES:
        raise InvalidInput(_("Attach at most %(count)s files.") % {"count": MAX_FILES}, field="files")


@transaction.atomic
def feedback_submit(
    *, actor: User | None, channel: str, submission: Submission, at: datetime | None = None
) -> Feedback:
    """Receive an item: check it, find the responsible unit, set the deadline, store the files.
    `actor` is the citizen's account, or the desk official who records it on their behalf."""
    at = at or timezone.now()
    citizen = actor if actor is not None and actor.kind == User.Kind.CITIZEN else None
    # At the desk the citizen may take the answer there: no contact is required.
    _validate(submission, citizen, contact_required=channel != Feedback.Channel.DESK)
    if channel not in Feedback.Channel.values:
        raise InvalidInput(_("Unknown channel."), field="channel")
    unit, dossier = _resolve(submission)
    if channel == Feedback.Channel.DESK and not may_assign(actor, unit):
        raise NotFound(_("No unit of yours has this code."))
    checked = files_check(submission.files, field="files")
    days = handling_days(unit.province)
    due = calendar_for_province(unit.province).due_time_after_working_days(at, days)
    item = Feedback(
        subject=submission.subject,
        channel=channel,
        unit=unit,
        dossier=dossier,
        procedure_code=submission.procedure_code.strip()[:32] or (dossier.procedure.code if dossier else ""),
        official_name=submission.official_name.strip()[:200],
        title=submission.title.strip(),
        text=submission.text.strip(),
        citizen=citizen,
        name=(submission.name.strip() or (citizen.display_name if citizen else ""))[:200],
        phone=submission.phone.strip(),
        email=submission.email.strip(),
        language=submission.language[:8] or "vi",
        external_id=submission.external_id,
        address=submission.address.strip()[:300],
        lat=submission.lat,
        long=submission.long,
        public=submission.publish,
        received_at=at,
        due_at=due,
    )
    item.full_clean(exclude=["citizen", "dossier", "unit", "answered_by"])
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as error:
        raise Conflict(_("This item has already been received."), code="duplicate") from error
    for f in checked:
        attachment = FeedbackAttachment(
            feedback=item, name=f.name, content_type=f.content_type, size=len(f.content), sha256=f.sha256
        )
        attachment.file.save(f"{f.sha256}.{f.extension}", ContentFile(f.content), save=False)
        attachment.save()
    _event(
        item,
        FeedbackEvent.Kind.RECEIVED,
        at,
        actor,
        channel=channel,
        nature=submission.nature,
        unit=unit.code,
        working_days=days,
        due_at=due.isoformat(),
    )
    return item


def _locked(feedback: Feedback) -> Feedback:
    return Feedback.objects.select_for_update().select_related("unit__province").get(pk=feedback.pk)


@transaction.atomic
def feedback_reassign(
    *, actor: User, feedback: Feedback, unit: Unit, note: str, at: datetime | None = None
) -> Feedback:
    """Pass an item that another unit is responsible for; the deadline still runs from reception."""
    at = at or timezone.now()
    item = _locked(feedback)
    if not may_assign(actor, item.unit):
        raise NotFound(_("No feedback has this number."))
    if item.status != Feedback.Status.RECEIVED:
        raise Conflict(_("The item has already been answered."))
    if unit.pk == item.unit_id:
        raise InvalidInput(_("The item is already with this unit."), field="unit")
    if not note.strip():
        raise InvalidInput(_("Say why another unit is responsible."), field="note")
    previous = item.unit.code
    item.unit = unit
    item.save(update_fields=["unit"])
    _event(item, FeedbackEvent.Kind.REASSIGNED, at, actor, note.strip(), previous=previous, unit=unit.code)
    return item


def _tell(item: Feedback) -> str:
    """Tell the citizen the answer by e-mail when they gave one (after commit); the tracking token
    shows it otherwise. Returns the way they were told."""
    if not item.email:
        return "tracking_page"
    subject = gettext("Answer to your feedback: %(title)s") % {"title": item.title[:150]}
    body = gettext("%(answer)s\n\nTell us whether this answer satisfies you with the code %(token)s.") % {
        "answer": item.answer,
        "token": item.token,
    }
    email = item.email
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=True)
    )
    return "email"


@transaction.atomic
def feedback_answer(
    *, actor: User, feedback: Feedback, answer: str, publish: bool = True, at: datetime | None = None
) -> Feedback:
    """Answer an item; it is published (without the person) only if both the citizen and the
    answering official agree."""
    at = at or timezone.now()
    item = _locked(feedback)
    if not may_answer(actor, item.unit):
        if may_assign(actor, item.unit):
            raise Conflict(_("A handler or the unit's leader answers feedback."))
        raise NotFound(_("No feedback has this number."))
    if item.status != Feedback.Status.RECEIVED:
        raise Conflict(_("The item has already been answered."))
    if not answer.strip() or len(answer) > MAX_TEXT:
        raise InvalidInput(
            _("Write the answer, at most %(limit)s characters.") % {"limit": MAX_TEXT}, field="answer"
        )
    item.answer = answer.strip()
    item.answered_at = at
    item.answered_by = actor
    item.status = Feedback.Status.ANSWERED
    item.public = item.public and publish
    item.save(update_fields=["answer", "answered_at", "answered_by", "status", "public"])
    _event(item, FeedbackEvent.Kind.ANSWERED, at, actor, on_time=at <= item.due_at)
    with translation.override(item.language):
        how = _tell(item)
    _event(item, FeedbackEvent.Kind.CITIZEN_TOLD, at, None, by=how)
    return item


@transaction.atomic
def feedback_rate(
    *, feedback: Feedback, satisfied: bool, comment: str = "", at: datetime | None = None
) -> Feedback:
    """The citizen says whether the answer satisfies them; the item closes. Once only."""
    at = at or timezone.now()
    item = _locked(feedback)
    if item.status == Feedback.Status.RECEIVED:
        raise Conflict(_("The item has not been answered yet."))
    if item.satisfied is not None:
        raise Conflict(_("You have already said whether the answer satisfies you."))
    item.satisfied = satisfied
    item.rated_at = at
    item.status = Feedback.Status.CLOSED
    item.save(update_fields=["satisfied", "rated_at", "status"])
    _event(item, FeedbackEvent.Kind.RATED, at, None, comment.strip()[:1000], satisfied=satisfied)
    return item


# -- the national portal's Q&A services (the adapter lives in motcua/interop) ---------------------


def feedback_receive_external(item: dict[str, Any]) -> Feedback:
    """An item pulled from the national portal's Q&A/PAKN service, joined to the same flow.
    Expects `id`, `unit_code`, `title`, `text`, `name`, and optionally `phone`, `email`,
    `dossier_code`, `received_at` (aware datetime). Idempotent on `id`: a second pull returns the
    stored item."""
    external_id = str(item.get("id", "")).strip()
    if not external_id:
        raise InvalidInput(_("The item has no identifier."), field="id")
    known = Feedback.objects.filter(external_id=external_id).first()
    if known is not None:
        return known
    submission = Submission(
        subject=Feedback.Subject.DOSSIER if item.get("dossier_code") else Feedback.Subject.PROCEDURE,
        title=str(item.get("title", ""))[:200],
        text=str(item.get("text", "")),
        name=str(item.get("name", "")) or "—",
        phone=str(item.get("phone", "")),
        email=str(item.get("email", "")),
        unit_code=str(item.get("unit_code", "")),
        dossier_code=str(item.get("dossier_code", "")),
        external_id=external_id,
    )
    return feedback_submit(
        actor=None,
        channel=Feedback.Channel.NATIONAL_PORTAL,
        submission=submission,
        at=item.get("received_at"),
    )


def feedback_answer_to_push(feedback: Feedback) -> dict[str, Any] | None:
    """The answer to push back to the national portal, or None while there is none."""
    if not feedback.external_id or feedback.answered_at is None:
        return None
    return {
        "id": feedback.external_id,
        "unit_code": feedback.unit.agency_code or feedback.unit.code,
        "answer": feedback.answer,
        "answered_at": feedback.answered_at.astimezone(VIETNAM_TZ).isoformat(),
        "answered_by": feedback.answered_by.display_name if feedback.answered_by else "",
    }


def feedback_answers_to_push() -> list[Feedback]:
    """Items from the national portal answered here whose answer has not been sent back yet."""
    return list(
        Feedback.objects.filter(answered_at__isnull=False, answer_pushed_at__isnull=True)
        .exclude(external_id="")
        .select_related("unit", "answered_by")
        .order_by("answered_at", "pk")
    )


@transaction.atomic
def feedback_answer_pushed(
    *, feedback: Feedback, reference: str = "", at: datetime | None = None
) -> Feedback:
    """The adapter confirms the national portal took the answer; a second confirmation changes nothing."""
    at = at or timezone.now()
    item = _locked(feedback)
    if item.answer_pushed_at is not None:
        return item
    if not item.external_id or item.answered_at is None:
        raise Conflict(_("The item has not been answered yet."))
    item.answer_pushed_at = at
    item.save(update_fields=["answer_pushed_at"])
    _event(item, FeedbackEvent.Kind.PUSHED, at, None, reference=reference)
    return item
