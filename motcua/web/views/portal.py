"""The citizen portal: online submission, tracking by code and secret, and rating the result.

Anyone may submit without an account: the applicant's details are in the form, and the code with
the last 4 digits of the phone number is what later proves the dossier is theirs."""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.catalog.selectors import field_list, procedure_search
from motcua.core.errors import Conflict, DomainError, InvalidInput, NotFound
from motcua.dossiers import actions, selectors
from motcua.dossiers.actions import Applicant, settles
from motcua.dossiers.attachments import IncomingFile, file_check
from motcua.dossiers.models import Dossier
from motcua.dossiers.policy import allowed, situation_of
from motcua.dossiers.states import Channel, Status
from motcua.dossiers.tracking import dossier_tracked, rating_refusal, request_refusal
from motcua.units.models import Unit
from motcua.units.selectors import address_convert, province_get
from motcua.web.forms.portal import DISLIKE, RatingForm, SubmissionForm, TrackForm, component_field_name

# The confirmation page shows a dossier only to the browser session that submitted it.
_SUBMITTED = "portal_submitted"


# --- choosing a procedure ---------------------------------------------------------------------------


def submit_start(request: HttpRequest) -> HttpResponse:
    """The procedures that may be submitted online, searchable like the catalogue."""
    query = request.GET.get("q", "").strip()
    field = request.GET.get("field", "")
    procedures = procedure_search(query=query, field=field)
    page = Paginator(procedures, 50).get_page(request.GET.get("page"))
    context = {"page": page, "fields": field_list(), "query": query, "field": field}
    return render(request, "web/portal/start.html", context)


# --- submission -----------------------------------------------------------------------------------


def _competent_units(procedure: Procedure) -> list[Unit]:
    """The units of this province that settle the procedure, by name."""
    province = province_get(settings.MOTCUA_PROVINCE_CODE)
    kinds = Unit.COMMUNE_LEVEL if procedure.level == Procedure.Level.COMMUNE else (Unit.Kind.DEPARTMENT,)
    units = Unit.objects.filter(province=province, kind__in=kinds).order_by("search_name")
    return [u for u in units if settles(u, procedure)]


# Fields of the action's errors → fields of the form.
_APPLICANT_FIELDS = {
    "applicant.name": "name",
    "applicant.national_id": "national_id",
    "applicant.phone": "phone",
    "applicant.email": "email",
    "competent_unit": "competent_unit",
}


@dataclass
class _Submission:
    """What the form said, turned into the action's terms, with the problems found on the way."""

    form: SubmissionForm
    unit_code: str = ""
    converted: Unit | None = None

    def fail(self, field: str | None, message: str | Promise) -> None:
        self.form.add_error(field if field in self.form.fields else None, str(message))


def _files(form: SubmissionForm) -> list[tuple[str, IncomingFile]]:
    files = []
    for component in form.components:
        name = component_field_name(component)
        upload = form.cleaned_data.get(name)
        if isinstance(upload, UploadedFile):
            files.append((name, IncomingFile.read(upload, upload.name or "file", component.pk)))
    return files


def _check(submission: _Submission, files: list[tuple[str, IncomingFile]]) -> Applicant:
    """Every problem at once, each beside its field: the action stops at the first one."""
    form, data = submission.form, submission.form.cleaned_data
    applicant = Applicant(
        name=data.get("name", ""),
        national_id=data.get("national_id", "").strip(),
        phone=data.get("phone", "").strip(),
        email=data.get("email", "").strip(),
        address=data.get("address", "").strip(),
    )
    # Each field is checked alone, the others filled with valid stand-ins, so that every wrong
    # field gets its own message (the action's check stops at the first).
    stand_ins = {"name": "x", "national_id": "000000000000", "phone": "0900000000", "email": ""}
    for field in stand_ins:
        if field not in data or (field == "email" and not applicant.email):
            continue
        probe = Applicant(**{**stand_ins, field: getattr(applicant, field)})
        try:
            probe.check()
        except InvalidInput as error:
            submission.fail(field, error.message)
    for name, incoming in files:
        try:
            file_check(incoming, field=name)
        except InvalidInput as error:
            submission.fail(name, error.message)
    submission.unit_code = data.get("competent_unit", "")
    old_address = data.get("old_address", "").strip()
    if not submission.unit_code and old_address:
        try:
            submission.converted = address_convert(old_address).unit
            submission.unit_code = submission.converted.code
        except InvalidInput as error:
            submission.fail("old_address", error.message)
    elif not submission.unit_code and "competent_unit" in form.fields and "competent_unit" not in form.errors:
        submission.fail(
            "competent_unit", _("Choose the commune, ward or special zone, or give your address before 2025.")
        )
    return applicant


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, procedure: str) -> HttpResponse:
    chosen = Procedure.objects.filter(code=procedure, active=True).prefetch_related("components").first()
    if chosen is None:
        message = _("There is no procedure with code %(code)s.") % {"code": procedure}
        return render(request, "web/not_found.html", {"message": message}, status=404)
    units = _competent_units(chosen)
    components = list(chosen.components.all())
    if request.method != "POST":
        initial = {"competent_unit": units[0].code} if len(units) == 1 else {}
        form = SubmissionForm(units=units, components=components, initial=initial)
        return _submit_page(request, chosen, form, status=200)
    form = SubmissionForm(request.POST, request.FILES, units=units, components=components)
    valid = form.is_valid()
    submission = _Submission(form)
    files = _files(form)
    applicant = _check(submission, files)
    if not valid or form.errors:
        return _submit_page(request, chosen, form, converted=submission.converted)
    user = request.user if isinstance(request.user, User) and request.user.is_authenticated else None
    try:
        dossier = actions.dossier_submit(
            actor=user,
            procedure_code=chosen.code,
            competent_unit_code=submission.unit_code,
            applicant=applicant,
            channel=Channel.ONLINE,
            files=[incoming for _name, incoming in files],
            # One key per form shown: a second click or a resent form returns the first dossier.
            idempotency_key=f"web:{form.cleaned_data['key']}",
        )
    except DomainError as error:
        field = error.field or ""
        if field.startswith("files["):
            index = int(field[6:].split("]", 1)[0])
            field = files[index][0] if index < len(files) else ""
        submission.fail(_APPLICANT_FIELDS.get(field, field), error.message)
        return _submit_page(request, chosen, form, converted=submission.converted)
    submitted = request.session.get(_SUBMITTED, [])
    if dossier.code not in submitted:
        request.session[_SUBMITTED] = [*submitted, dossier.code][-20:]
    return HttpResponseRedirect(reverse("web:portal_done", args=[dossier.code]))


def _submit_page(
    request: HttpRequest,
    procedure: Procedure,
    form: SubmissionForm,
    *,
    converted: Unit | None = None,
    status: int = 422,
) -> HttpResponse:
    context = {
        "procedure": procedure,
        "form": form,
        "converted": converted,
        "max_mb": settings.MOTCUA_ATTACHMENT_MAX_BYTES // (1024 * 1024),
    }
    return render(request, "web/portal/submit.html", context, status=status)


def unit_note(request: HttpRequest) -> HttpResponse:
    """The new commune of an address before 2025, said beside the field as it is typed (htmx);
    the submission converts the address again itself."""
    address = request.GET.get("old_address", "").strip()
    context: dict[str, object] = {"converted": None, "problem": ""}
    if address:
        try:
            context["converted"] = address_convert(address).unit
        except InvalidInput as error:
            context["problem"] = error.message
    return render(request, "web/portal/_unit_note.html", context)


def submit_done(request: HttpRequest, code: str) -> HttpResponse:
    if code not in request.session.get(_SUBMITTED, []):
        message = _("There is no dossier with code %(code)s.") % {"code": code}
        return render(request, "web/not_found.html", {"message": message}, status=404)
    dossier = Dossier.objects.select_related("procedure", "receiving_unit").filter(code=code).first()
    if dossier is None:
        message = _("There is no dossier with code %(code)s.") % {"code": code}
        return render(request, "web/not_found.html", {"message": message}, status=404)
    context = {"dossier": dossier, "secret": dossier.applicant_phone[-4:]}
    return render(request, "web/portal/done.html", context)


# --- tracking and rating --------------------------------------------------------------------------


def _tracked(request: HttpRequest, code: str, secret: str) -> Dossier:
    """Within the client address's and the dossier's budgets (review M3)."""
    return dossier_tracked(code=code, secret=secret, address=request.META.get("REMOTE_ADDR", ""))


@dataclass(frozen=True)
class Explanation:
    """A status in plain words, and what the applicant has to do about it."""

    says: Promise
    todo: Promise


EXPLANATIONS: dict[str, Explanation] = {
    Status.NEW: Explanation(
        _("The one-stop desk has received your dossier and is checking it."),
        _("Nothing for now. The desk accepts it or tells you what is missing within 8 working hours."),
    ),
    Status.ACCEPTED: Explanation(
        _("Your dossier has been accepted and is being settled."),
        _("Nothing for now. Come back on the appointment date."),
    ),
    Status.PROCESSING: Explanation(
        _("Your dossier is being examined by the officer in charge."),
        _("Nothing for now. Come back on the appointment date."),
    ),
    Status.PENDING_APPROVAL: Explanation(
        _("Your dossier is waiting for the leader's signature."),
        _("Nothing for now. Come back on the appointment date."),
    ),
    Status.SUPPLEMENT_REQUESTED: Explanation(
        _("Your dossier is incomplete: the desk has asked for more documents."),
        _("Bring or send every document listed below to the desk before the date given."),
    ),
    Status.FINANCIAL_OBLIGATION: Explanation(
        _("Your dossier is waiting for a fee or tax to be paid."),
        _("Pay the amount in the notice you received, then keep the receipt."),
    ),
    Status.NOT_ACCEPTED: Explanation(
        _("Your dossier was not accepted."),
        _("Read the refusal sheet for the reasons. You may submit a new dossier."),
    ),
    Status.WITHDRAWN: Explanation(
        _("The dossier was withdrawn at your request."),
        _("Nothing: the dossier is closed."),
    ),
    Status.STOPPED: Explanation(
        _("Processing was stopped at your request."),
        _("Nothing: the dossier is closed."),
    ),
    Status.PROCESSED: Explanation(
        _("The result is ready at the one-stop desk."),
        _("Collect the result at the desk named below, with your ID card."),
    ),
    Status.RETURNED: Explanation(
        _("The result has been returned to you."),
        _("Nothing. Tell us how the dossier was handled."),
    ),
}


RATED = Explanation(_("The result has been returned to you."), _("Nothing: the dossier is closed."))


def _tracked_page(
    request: HttpRequest,
    dossier: Dossier,
    secret: str,
    *,
    rating_form: RatingForm | None = None,
    end_form: "EndForm | None" = None,
    thanks: bool = False,
    ended: bool = False,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    supplement = next(
        (s for s in dossier.supplements.all() if s.provided_at is None and s.closed_at is None), None
    )
    rated = hasattr(dossier, "rating")
    signed_in = request.user if isinstance(request.user, User) else None
    may_rate = (
        dossier.status == Status.RETURNED
        and not rated
        and rating_refusal(user=signed_in, dossier=dossier, by_secret=True) is None
    )
    # Art.21.2: the applicant of an online dossier may withdraw or stop it before the decision.
    situation = situation_of(dossier, signed_in, timezone.now(), proven_applicant=True)
    may_end = (
        dossier.channel == Channel.ONLINE
        and request_refusal(user=signed_in, dossier=dossier) is None
        and allowed("withdraw", situation)
    )
    context = {
        "dossier": dossier,
        "end_form": (end_form or EndForm(initial={"secret": secret})) if may_end else None,
        "ended": ended,
        "explanation": RATED if rated else EXPLANATIONS[dossier.status],
        "supplement": supplement,
        "rating_form": (rating_form or RatingForm(initial={"secret": secret})) if may_rate else None,
        "rated": rated,
        "thanks": thanks,
        "problem": problem,
    }
    return render(request, "web/portal/tracked.html", context, status=status)


_NO_MATCH = _(
    "No dossier matches this code and these 4 digits. Check the code on your confirmation or receipt, "
    "and the last 4 digits of the phone number or personal ID number given in the dossier."
)


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """GET shows the form (the code may come from a link); POST looks the dossier up. The secret is
    never put in a URL, where logs and browser history would keep it."""
    if request.method != "POST":
        form = TrackForm(initial={"code": request.GET.get("code", "")})
        return render(request, "web/portal/track.html", {"form": form})
    form = TrackForm(request.POST)
    if not form.is_valid():
        return render(request, "web/portal/track.html", {"form": form}, status=422)
    try:
        dossier = _tracked(request, form.cleaned_data["code"], form.cleaned_data["secret"])
    except NotFound:
        # A wrong secret and an unknown code answer alike, so that neither can be probed.
        form.add_error(None, str(_NO_MATCH))
        return render(request, "web/portal/track.html", {"form": form}, status=404)
    except DomainError as error:
        form.add_error("secret" if error.field == "secret" else None, str(error.message))
        return render(request, "web/portal/track.html", {"form": form}, status=error.status)
    return _tracked_page(request, dossier, form.cleaned_data["secret"])


@require_POST
def rate(request: HttpRequest, code: str) -> HttpResponse:
    form = RatingForm(request.POST)
    secret = request.POST.get("secret", "")
    try:
        dossier = _tracked(request, code, secret)
    except DomainError as error:
        track_form = TrackForm({"code": code, "secret": secret})
        track_form.is_valid()
        track_form.add_error(None, str(_NO_MATCH if isinstance(error, NotFound) else error.message))
        return render(request, "web/portal/track.html", {"form": track_form}, status=error.status)
    # Review M7: a signed-in official is never taken for the applicant, secret or not.
    signed_in = request.user if isinstance(request.user, User) else None
    refusal = rating_refusal(user=signed_in, dossier=dossier, by_secret=True)
    if refusal is not None:
        return _tracked_page(request, dossier, secret, problem=refusal, status=403)
    if not form.is_valid():
        return _tracked_page(request, dossier, secret, rating_form=form, status=422)
    dislike = form.cleaned_data["score"] == DISLIKE
    try:
        actions.dossier_rate(
            actor=signed_in,  # the owning citizen when signed in: the rating is recorded as theirs
            dossier=dossier,
            score=None if dislike else int(form.cleaned_data["score"]),
            dislike=dislike,
            comment=form.cleaned_data["comment"],
            proven_applicant=True,
        )
    except (InvalidInput, Conflict) as error:
        if error.field == "score":
            form.add_error("score", str(error.message))
            return _tracked_page(request, dossier, secret, rating_form=form, status=error.status)
        return _tracked_page(request, dossier, secret, problem=str(error.message), status=error.status)
    dossier = selectors.dossier_track(code=code, secret=secret)
    return _tracked_page(request, dossier, secret, thanks=True)


# --- withdrawal and stop by the applicant (Art.21.2) ---------------------------------------------------


class EndForm(forms.Form):
    """The applicant withdraws an online dossier, or asks to stop it, before the decision."""

    secret = forms.CharField(widget=forms.HiddenInput, max_length=4)
    action = forms.ChoiceField(
        label=_("What do you want to do?"),
        choices=[
            ("withdraw", _("Withdraw the dossier")),
            ("stop", _("Stop the processing of the dossier")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Your reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


@require_POST
def end(request: HttpRequest, code: str) -> HttpResponse:
    """Withdraw or stop from the tracking page, proven by the secret (and, for a dossier submitted
    from a citizen account, by being signed in to it)."""
    form = EndForm(request.POST)
    secret = request.POST.get("secret", "")
    try:
        dossier = _tracked(request, code, secret)
    except DomainError as error:
        track_form = TrackForm({"code": code, "secret": secret})
        track_form.is_valid()
        track_form.add_error(None, str(_NO_MATCH if isinstance(error, NotFound) else error.message))
        return render(request, "web/portal/track.html", {"form": track_form}, status=error.status)
    signed_in = request.user if isinstance(request.user, User) else None
    refusal = request_refusal(user=signed_in, dossier=dossier)
    if refusal is not None:
        return _tracked_page(request, dossier, secret, problem=refusal, status=403)
    if not form.is_valid():
        return _tracked_page(request, dossier, secret, end_form=form, status=422)
    perform = actions.dossier_withdraw if form.cleaned_data["action"] == "withdraw" else actions.dossier_stop
    try:
        perform(actor=signed_in, dossier=dossier, reason=form.cleaned_data["reason"], proven_applicant=True)
    except DomainError as error:
        if isinstance(error, InvalidInput) and error.field == "reason":
            form.add_error("reason", str(error.message))
            return _tracked_page(request, dossier, secret, end_form=form, status=error.status)
        return _tracked_page(request, dossier, secret, problem=str(error.message), status=error.status)
    dossier = selectors.dossier_track(code=code, secret=secret)
    return _tracked_page(request, dossier, secret, ended=True)
