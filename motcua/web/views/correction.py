"""Correction of a wrong result (Decree 118 Art.23) on the site: the desk or the agency records a
report and the agency reissues the result from the dossier page (`web/desk/_correction.html`);
the applicant reports an error with the dossier's code and tracking secret."""

from datetime import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.models import User
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.actions.correction import correction_complete, correction_request
from motcua.dossiers.attachments import IncomingFile
from motcua.dossiers.models import ResultCorrection
from motcua.dossiers.selectors import dossier_get
from motcua.dossiers.tracking import dossier_tracked
from motcua.web.views.desk_http import actor, officials_only, safe_next


@require_POST
@officials_only
def desk_correction_request(request: HttpRequest, code: str) -> HttpResponse:
    user = actor(request)
    dossier = dossier_get(actor=user, code=code)
    back = safe_next(request, reverse("web:desk_dossier", args=[dossier.code]))
    try:
        correction = correction_request(
            dossier=dossier,
            reported_via=request.POST.get("reported_via", ""),
            by=user,
            error=request.POST.get("error", ""),
        )
    except NotFound:
        raise
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(back)
    messages.success(
        request,
        _("The error is recorded; the corrected result is due by %(due)s.")
        % {"due": _local_text(correction.due_at)},
    )
    return redirect(back)


@require_POST
@officials_only
def desk_correction_complete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    user = actor(request)
    dossier = dossier_get(actor=user, code=code)
    correction = ResultCorrection.objects.filter(dossier=dossier, pk=pk).first()
    if correction is None:
        raise NotFound(_("There is no such correction of dossier %(code)s.") % {"code": dossier.code})
    back = safe_next(request, reverse("web:desk_dossier", args=[dossier.code]))
    files = [IncomingFile.read(upload, upload.name or "file") for upload in request.FILES.getlist("file")]
    try:
        correction_complete(correction=correction, by=user, note=request.POST.get("note", ""), files=files)
    except NotFound:
        raise
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(back)
    messages.success(request, _("The corrected result is issued; the wrong one stays on file."))
    return redirect(back)


@require_http_methods(["GET", "POST"])
def citizen_correction(request: HttpRequest, code: str) -> HttpResponse:
    """The applicant reports an error in their result, proving it with the tracking secret (the
    last 4 digits of the phone or ID number), as on the tracking page. Officials are refused: they
    report from the desk."""
    context: dict[str, object] = {"code": code, "secret": "", "error": "", "problem": "", "done": None}
    if request.method == "GET":
        return render(request, "web/documents/correction.html", context)
    secret = request.POST.get("secret", "").strip()
    text = request.POST.get("error", "")
    context.update(secret=secret, error=text)
    signed_in = request.user if isinstance(request.user, User) else None
    if signed_in is not None and signed_in.kind != User.Kind.CITIZEN:
        context["problem"] = _("An official records the applicant's report from the desk's dossier page.")
        return render(request, "web/documents/correction.html", context, status=403)
    try:
        dossier = dossier_tracked(code=code, secret=secret, address=request.META.get("REMOTE_ADDR", ""))
        # Recorded as the citizen's own when the signed-in account is the applicant's.
        owner = signed_in is not None and (
            signed_in.pk == dossier.applicant_user_id
            or (bool(signed_in.national_id) and signed_in.national_id == dossier.applicant_national_id)
        )
        context["done"] = correction_request(
            dossier=dossier,
            reported_via="applicant",
            by=signed_in if owner else None,
            error=text,
            proven_applicant=True,
        )
    except NotFound:
        context["problem"] = _("No dossier matches this code and these digits.")
        return render(request, "web/documents/correction.html", context, status=404)
    except DomainError as error:
        context["problem"] = str(error.message)
        return render(request, "web/documents/correction.html", context, status=error.status)
    return render(request, "web/documents/correction.html", context)


def _local_text(at: datetime) -> str:
    return timezone.localtime(at).strftime("%H:%M %d/%m/%Y")
