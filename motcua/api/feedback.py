"""Feedback and recommendations: citizens send them (with or without a token), read their item by
its token and rate the answer; officials list, read, answer and pass on their units' items."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from motcua.accounts.models import User
from motcua.api.auth import BearerToken, OptionalBearerToken
from motcua.api.dossiers import FileIn, _files_from_json
from motcua.core.errors import InvalidInput
from motcua.feedback import actions, selectors
from motcua.feedback.models import Feedback
from motcua.feedback.views import submission_throttle
from motcua.units.models import Unit

router = Router(tags=["feedback"])


class FeedbackIn(Schema):
    nature: str = Field(
        "feedback", description="feedback, recommendation or question (complaints are refused)"
    )
    subject: str = Field(..., description="dossier, procedure, official or unit")
    title: str = Field(..., max_length=200)
    text: str = Field(..., max_length=5000)
    name: str = Field("", max_length=200)
    phone: str = Field("", max_length=15)
    email: str = Field("", max_length=254)
    unit_code: str = Field("", max_length=16)
    dossier_code: str = Field("", max_length=64)
    procedure_code: str = Field("", max_length=32)
    official_name: str = Field("", max_length=200)
    language: str = Field("vi", max_length=8)
    publish: bool = Field(
        True, description="the citizen agrees to publish the message and answer, without their name"
    )
    files: list[FileIn] = Field(default_factory=list)


class EventOut(Schema):
    kind: str
    at: datetime
    note: str


class MineOut(Schema):
    token: str
    title: str
    subject: str
    status: str
    unit_code: str
    unit_name: str
    received_at: datetime
    due_at: datetime
    answer: str
    answered_at: datetime | None
    satisfied: bool | None


class ItemOut(MineOut):
    id: int
    channel: str
    text: str
    dossier_code: str | None
    name: str
    phone: str
    email: str
    overdue: bool
    events: list[EventOut]


class PublicOut(Schema):
    title: str
    text: str
    answer: str
    unit_code: str
    unit_name: str
    received_at: datetime
    answered_at: datetime | None


class RateIn(Schema):
    satisfied: bool
    comment: str = Field("", max_length=1000)


class AnswerIn(Schema):
    answer: str = Field(..., max_length=5000)
    publish: bool = Field(True, description="publish the message and the answer, without the person")


class ReassignIn(Schema):
    unit_code: str = Field(..., max_length=16)
    note: str = Field(..., max_length=1000)


class QueueIn(Schema):
    state: str = Field("open", description="open, overdue or answered")


def _mine(item: Feedback) -> dict[str, Any]:
    return {
        "token": item.token,
        "title": item.title,
        "subject": item.subject,
        "status": item.status,
        "unit_code": item.unit.code,
        "unit_name": item.unit.name,
        "received_at": item.received_at,
        "due_at": item.due_at,
        "answer": item.answer,
        "answered_at": item.answered_at,
        "satisfied": item.satisfied,
    }


def _item(item: Feedback, *, events: bool = True) -> dict[str, Any]:
    return {
        **_mine(item),
        "id": item.pk,
        "channel": item.channel,
        "text": item.text,
        "dossier_code": item.dossier.code if item.dossier_id and item.dossier else None,
        "name": item.name,
        "phone": item.phone,
        "email": item.email,
        "overdue": item.status == Feedback.Status.RECEIVED and item.due_at < timezone.now(),
        "events": [{"kind": e.kind, "at": e.at, "note": e.note} for e in selectors.feedback_events(item)]
        if events
        else [],
    }


@router.post("/feedback", auth=OptionalBearerToken(), response={201: MineOut}, summary="Send feedback")
def feedback_send(request: HttpRequest, body: FeedbackIn) -> tuple[int, dict[str, Any]]:
    user = request.user if isinstance(request.user, User) else None
    citizen = user if user is not None and user.kind == User.Kind.CITIZEN else None
    if citizen is None:
        submission_throttle(request)
    submission = actions.Submission(**body.dict(exclude={"files"}), files=_files_from_json(body.files))
    item = actions.feedback_submit(actor=citizen, channel=Feedback.Channel.PORTAL, submission=submission)
    return 201, _mine(item)


@router.get("/feedback/public", response=list[PublicOut], summary="Answered feedback, without the person")
def feedback_public_list(request: HttpRequest, unit: str = "") -> list[dict[str, Any]]:
    return [
        {
            "title": f.title,
            "text": f.text,
            "answer": f.answer,
            "unit_code": f.unit.code,
            "unit_name": f.unit.name,
            "received_at": f.received_at,
            "answered_at": f.answered_at,
        }
        for f in selectors.feedback_public(unit_code=unit)[:100]
    ]


@router.get("/feedback/mine/{token}", response=MineOut, summary="Your item, by its token")
def feedback_mine(request: HttpRequest, token: str) -> dict[str, Any]:
    return _mine(selectors.feedback_by_token(token))


@router.post("/feedback/mine/{token}/rate", response=MineOut, summary="Say whether the answer satisfies you")
def feedback_mine_rate(request: HttpRequest, token: str, body: RateIn) -> dict[str, Any]:
    item = selectors.feedback_by_token(token)
    return _mine(actions.feedback_rate(feedback=item, satisfied=body.satisfied, comment=body.comment))


@router.get("/feedback", auth=BearerToken(), response=list[ItemOut], summary="Your units' feedback")
def feedback_list(request: HttpRequest, query: Query[QueueIn]) -> list[dict[str, Any]]:
    if query.state not in ("open", "overdue", "answered"):
        raise InvalidInput(_("No such list."), field="state")
    items = selectors.feedback_queue(request.user, state=query.state).select_related("dossier")[:200]
    return [_item(i, events=False) for i in items]


@router.get("/feedback/{item_id}", auth=BearerToken(), response=ItemOut, summary="One item with its history")
def feedback_read(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return _item(selectors.feedback_get(actor=request.user, pk=item_id))


@router.post("/feedback/{item_id}/answer", auth=BearerToken(), response=ItemOut, summary="Answer an item")
def feedback_answer(request: HttpRequest, item_id: int, body: AnswerIn) -> dict[str, Any]:
    user = request.user
    assert isinstance(user, User)
    item = selectors.feedback_get(actor=user, pk=item_id)
    return _item(actions.feedback_answer(actor=user, feedback=item, answer=body.answer, publish=body.publish))


@router.post(
    "/feedback/{item_id}/reassign",
    auth=BearerToken(),
    response=ItemOut,
    summary="Pass to the responsible unit",
)
def feedback_reassign(request: HttpRequest, item_id: int, body: ReassignIn) -> dict[str, Any]:
    user = request.user
    assert isinstance(user, User)
    item = selectors.feedback_get(actor=user, pk=item_id)
    unit = Unit.objects.filter(code=body.unit_code.strip()).first()
    if unit is None:
        raise InvalidInput(_("No unit has this code."), field="unit_code")
    return _item(actions.feedback_reassign(actor=user, feedback=item, unit=unit, note=body.note))
