"""The citizen pays a dossier's fees online: from the dossier's code and tracking secret to the
national payment platform's page, and back. The return page only shows what the server knows: the
platform's server-to-server confirmation (or our QUERY) is what moves the dossier on."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.core.errors import DomainError, NotFound
from motcua.dossiers import selectors
from motcua.dossiers.tracking import dossier_tracked
from motcua.payments import online
from motcua.payments.models import OnlinePayment
from motcua.payments.selectors import notice_of
from motcua.web.forms.portal import TrackForm
from motcua.web.views.desk_http import actor, officials_only


@require_http_methods(["GET", "POST"])
def pay_start(request: HttpRequest) -> HttpResponse:
    """GET: the form (code and secret, the code may come from a link); POST: the open notice is
    shown, and with `go` the payment starts and the browser goes to the platform's page."""
    if request.method == "GET":
        form = TrackForm(initial={"code": request.GET.get("code", "")})
        return render(request, "web/pay/start.html", {"form": form})
    form = TrackForm(request.POST)
    if not form.is_valid():
        return render(request, "web/pay/start.html", {"form": form}, status=422)
    context: dict[str, object] = {"form": form}
    try:
        dossier = dossier_tracked(
            code=form.cleaned_data["code"],
            secret=form.cleaned_data["secret"],
            address=request.META.get("REMOTE_ADDR", ""),
        )
        notice = notice_of(dossier)
        context.update(dossier=dossier, notice=notice)
        if "go" in request.POST:
            attempt = online.payment_online_start(dossier=dossier, ip=request.META.get("REMOTE_ADDR", ""))
            return redirect(attempt.pay_url)
    except DomainError as error:
        context["problem"] = str(error.message)
        return render(request, "web/pay/start.html", context, status=error.status)
    return render(request, "web/pay/start.html", context)


def pay_return(request: HttpRequest) -> HttpResponse:
    """Where the platform sends the browser back. Its parameters are not trusted: the page shows
    the state this server holds for the reference, which only the confirmation changes."""
    reference = request.GET.get("data", "")[:64]
    attempt = online.payment_state(reference=reference)
    return render(
        request,
        "web/pay/return.html",
        {
            "attempt": attempt,
            "paid": attempt is not None and attempt.status == OnlinePayment.Status.PAID,
            "failed": attempt is not None
            and attempt.status in (OnlinePayment.Status.FAILED, OnlinePayment.Status.EXPIRED),
        },
        status=200 if attempt is not None else 404,
    )


@officials_only
def receipt(request: HttpRequest, reference: str) -> HttpResponse:
    """The electronic receipt of an online payment, for the officials who may see its dossier."""
    attempt = online.payment_state(reference=reference)
    if attempt is None or not attempt.receipt_pdf:
        raise NotFound(_("There is no receipt for this payment yet."))
    selectors.dossier_get(actor=actor(request), code=attempt.notice.dossier.code)
    response = HttpResponse(bytes(attempt.receipt_pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{attempt.reference}.pdf"'
    return response
