"""Pages of feedback: the citizen's form, their item by its token with the rating, the public list
of answered items; the desk's queue, the item page with the answer and the reassignment."""

from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.core.errors import DomainError, InvalidInput, NotFound
from motcua.dossiers.attachments import IncomingFile
from motcua.dossiers.tracking import TooManyRequests
from motcua.feedback import actions, reports, selectors
from motcua.feedback.forms import AnswerForm, FeedbackForm, RateForm, ReassignForm
from motcua.feedback.models import Feedback
from motcua.units.models import Unit
from motcua.web.views.desk_http import actor, not_found_page, officials_only

QUEUE_STATES = ("open", "overdue", "answered")


def submission_throttle(request: HttpRequest) -> None:
    """At most MOTCUA_FEEDBACK_PER_HOUR anonymous items per client address per hour."""
    limit = getattr(settings, "MOTCUA_FEEDBACK_PER_HOUR", 10)
    key = f"motcua:feedback:{request.META.get('REMOTE_ADDR', '')}:{int(timezone.now().timestamp() // 3600)}"
    cache.add(key, 0, timeout=3700)
    if cache.incr(key) > limit:
        raise TooManyRequests(_("Too many messages from this connection. Try again in an hour."))


def _submission(form: FeedbackForm, request: HttpRequest) -> actions.Submission:
    data = form.cleaned_data
    files = [IncomingFile.read(f, f.name or "file") for f in request.FILES.getlist("attachments")]
    return actions.Submission(
        subject=data["subject"],
        nature=data["nature"],
        title=data["title"],
        text=data["text"],
        name=data["name"],
        phone=data["phone"],
        email=data["email"],
        unit_code=data["unit_code"],
        dossier_code=data["dossier_code"],
        official_name=data["official_name"],
        publish=data["publish"],
        language=translation.get_language() or "vi",
        files=files,
    )


def _add_error(form: FeedbackForm, error: DomainError) -> None:
    field = (error.field or "").split("[")[0]
    field = "attachments" if field == "files" else field
    form.add_error(field if field in form.fields else None, str(error.message))


def submit(request: HttpRequest) -> HttpResponse:
    """The citizen's form; `?dossier=CODE` (from the tracking page) or `?unit=CODE` prefills it."""
    if request.method != "POST":
        dossier = request.GET.get("dossier", "")[:64]
        form = FeedbackForm(
            initial={
                "dossier_code": dossier,
                "unit_code": request.GET.get("unit", "")[:16],
                "subject": Feedback.Subject.DOSSIER if dossier else Feedback.Subject.UNIT,
            }
        )
        return render(request, "feedback/submit.html", {"form": form})
    form = FeedbackForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "feedback/submit.html", {"form": form}, status=422)
    user = request.user if isinstance(request.user, User) else None
    channel = Feedback.Channel.TRACKING if request.POST.get("from") == "tracking" else Feedback.Channel.PORTAL
    try:
        if user is None:
            submission_throttle(request)
        item = actions.feedback_submit(actor=user, channel=channel, submission=_submission(form, request))
    except DomainError as error:
        _add_error(form, error)
        return render(request, "feedback/submit.html", {"form": form}, status=error.status)
    return redirect("feedback:mine", token=item.token)


def mine(request: HttpRequest, token: str) -> HttpResponse:
    """The citizen's item by its token: the deadline, the answer, the rating."""
    try:
        item = selectors.feedback_by_token(token)
    except NotFound as missing:
        return not_found_page(request, str(missing.message))
    form = RateForm() if item.status == Feedback.Status.ANSWERED else None
    return render(request, "feedback/mine.html", {"item": item, "rate_form": form})


@require_POST
def rate(request: HttpRequest, token: str) -> HttpResponse:
    try:
        item = selectors.feedback_by_token(token)
    except NotFound as missing:
        return not_found_page(request, str(missing.message))
    form = RateForm(request.POST)
    if not form.is_valid():
        return render(request, "feedback/mine.html", {"item": item, "rate_form": form}, status=422)
    try:
        actions.feedback_rate(
            feedback=item, satisfied=form.cleaned_data["satisfied"], comment=form.cleaned_data["comment"]
        )
    except DomainError as error:
        form.add_error(None, str(error.message))
        return render(request, "feedback/mine.html", {"item": item, "rate_form": form}, status=error.status)
    return redirect("feedback:mine", token=item.token)


def public_list(request: HttpRequest) -> HttpResponse:
    """Answered feedback for everyone, without the person's name or contact."""
    unit_code = request.GET.get("unit", "")[:16]
    page = Paginator(selectors.feedback_public(unit_code=unit_code), 20).get_page(request.GET.get("page"))
    unit = Unit.objects.filter(code=unit_code).first() if unit_code else None
    return render(request, "feedback/public.html", {"page": page, "unit": unit})


# -- the desk -------------------------------------------------------------------------------------


@officials_only
def desk_queue(request: HttpRequest, state: str = "open") -> HttpResponse:
    if state not in QUEUE_STATES:
        raise NotFound(_("No such list."))
    now = timezone.now()
    page = Paginator(selectors.feedback_queue(actor(request), state=state, now=now), 50).get_page(
        request.GET.get("page")
    )
    overdue = selectors.feedback_overdue_count(actor(request), now=now)
    return render(
        request, "feedback/desk_queue.html", {"page": page, "state": state, "overdue": overdue, "now": now}
    )


def _desk_item_page(request: HttpRequest, item: Feedback, status: int = 200, **forms: object) -> HttpResponse:
    user = actor(request)
    context = {
        "item": item,
        "events": selectors.feedback_events(item),
        "may_answer": item.status == Feedback.Status.RECEIVED and actions.may_answer(user, item.unit),
        "may_assign": item.status == Feedback.Status.RECEIVED and actions.may_assign(user, item.unit),
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "reassign_form": forms.get("reassign_form") or ReassignForm(),
        "now": timezone.now(),
    }
    return render(request, "feedback/desk_item.html", context, status=status)


@officials_only
def desk_item(request: HttpRequest, pk: int) -> HttpResponse:
    return _desk_item_page(request, selectors.feedback_get(actor=actor(request), pk=pk))


@officials_only
@require_POST
def desk_answer(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.feedback_get(actor=actor(request), pk=pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _desk_item_page(request, item, 422, answer_form=form)
    try:
        actions.feedback_answer(
            actor=actor(request),
            feedback=item,
            answer=form.cleaned_data["answer"],
            publish=form.cleaned_data["publish"],
        )
    except NotFound:
        raise
    except DomainError as error:
        form.add_error(None, str(error.message))
        return _desk_item_page(request, item, error.status, answer_form=form)
    return redirect("feedback:desk_item", pk=item.pk)


@officials_only
@require_POST
def desk_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.feedback_get(actor=actor(request), pk=pk)
    form = ReassignForm(request.POST)
    if not form.is_valid():
        return _desk_item_page(request, item, 422, reassign_form=form)
    unit = Unit.objects.filter(code=form.cleaned_data["unit_code"].strip()).first()
    try:
        if unit is None:
            raise InvalidInput(_("No unit has this code."), field="unit_code")
        actions.feedback_reassign(
            actor=actor(request), feedback=item, unit=unit, note=form.cleaned_data["note"]
        )
    except NotFound:
        raise
    except DomainError as error:
        form.add_error(None, str(error.message))
        return _desk_item_page(request, item, error.status, reassign_form=form)
    return redirect("feedback:desk_queue", state="open")


@officials_only
def desk_new(request: HttpRequest) -> HttpResponse:
    """The desk records feedback given in person or by phone, on the citizen's behalf."""
    if request.method != "POST":
        return render(request, "feedback/submit.html", {"form": FeedbackForm(), "desk": True})
    form = FeedbackForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "feedback/submit.html", {"form": form, "desk": True}, status=422)
    try:
        item = actions.feedback_submit(
            actor=actor(request), channel=Feedback.Channel.DESK, submission=_submission(form, request)
        )
    except NotFound:
        raise
    except DomainError as error:
        _add_error(form, error)
        return render(request, "feedback/submit.html", {"form": form, "desk": True}, status=error.status)
    return redirect("feedback:desk_item", pk=item.pk)


@officials_only
def desk_officials(request: HttpRequest) -> HttpResponse:
    """The leader's monthly report per official (`?month=YYYY-MM`, this month by default)."""
    unit_ids = reports.report_unit_ids(actor(request))
    if not unit_ids:
        raise NotFound(_("The monthly report per official is for the unit's leaders."))
    today = timezone.localdate()
    raw = request.GET.get("month", "")
    try:
        year, month = (int(p) for p in raw.split("-")) if raw else (today.year, today.month)
        first = date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    rows = reports.official_month_report(unit_ids, first)
    return render(request, "feedback/desk_officials.html", {"rows": rows, "month": first})
