"""Pages of the documents part: a dossier's forms as PDF, the unit register, signing, reuse of
digitised papers, certificate requests and delegations, and the public revocation list."""

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.accounts.selectors import memberships_of
from motcua.catalog.models import Procedure
from motcua.core.errors import DomainError, InvalidInput, NotFound
from motcua.documents import actions
from motcua.documents.authority import AuthorityMissing, authority_certificate
from motcua.documents.forms import form_pdf, register_pdf
from motcua.documents.models import CertificateKind
from motcua.documents.selectors import (
    certificate_requests_of,
    certificates_of,
    crl_current,
    delegation_get,
    delegations_of,
    register_dossiers,
    signed_document_get,
)
from motcua.dossiers.selectors import dossier_get
from motcua.units.models import Unit
from motcua.web.views.desk_http import actor, not_found_page, officials_only, safe_next


def _units(user: User) -> list[Unit]:
    units: dict[int, Unit] = {}
    for membership in memberships_of(user):
        units.setdefault(membership.unit_id, membership.unit)
    return list(units.values())


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def dossier_form(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """A form of the dossier as PDF, for whoever may see the dossier (officials and its citizen)."""
    try:
        dossier = dossier_get(actor=request.user, code=code)
        content = form_pdf(dossier=dossier, kind=kind)
    except NotFound as missing:
        return not_found_page(request, str(missing.message))
    return _pdf(content, f"{kind}-{dossier.code}.pdf")


def _day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(_("Give the date as YYYY-MM-DD."), field=field) from exc


@officials_only
def unit_register(request: HttpRequest, code: str) -> HttpResponse:
    today = timezone.localdate()
    try:
        first = _day(request.GET.get("from", today.replace(day=1).isoformat()), "from")
        last = _day(request.GET.get("to", today.isoformat()), "to")
        unit, dossiers = register_dossiers(
            actor=actor(request), unit_code=code, first_day=first, last_day=last
        )
    except InvalidInput as error:
        return render(request, "web/documents/problem.html", {"message": error.message}, status=422)
    return _pdf(
        register_pdf(unit=unit, dossiers=dossiers, first_day=first, last_day=last), f"register-{code}.pdf"
    )


def signed_document(request: HttpRequest, code: str, document: str) -> HttpResponse:
    """A signed paper of a dossier, for whoever may see the dossier."""
    try:
        dossier = dossier_get(actor=request.user, code=code)
        signed = signed_document_get(dossier=dossier, code=document)
    except NotFound as missing:
        return not_found_page(request, str(missing.message))
    with signed.file.open("rb") as handle:
        return _pdf(handle.read(), f"{signed.code}.pdf")


_SIGNERS = {
    "scans": (actions.scans_sign, gettext_lazy("Scans signed: %(count)s.")),
    "result": (actions.result_sign, gettext_lazy("Results signed: %(count)s.")),
    "certify": (actions.copy_certify, gettext_lazy("Certified copies made: %(count)s.")),
}


@require_POST
@officials_only
def dossier_sign(request: HttpRequest, code: str, what: str) -> HttpResponse:
    user = actor(request)
    dossier = dossier_get(actor=user, code=code)
    back = safe_next(request, reverse("web:desk_dossier", args=[dossier.code]))
    if what not in _SIGNERS:
        raise NotFound(_("There is no such action."))
    sign, done = _SIGNERS[what]
    try:
        documents = sign(actor=user, dossier=dossier)
    except NotFound:
        raise
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(back)
    messages.success(request, str(done) % {"count": len(documents)})
    return redirect(back)


@require_POST
def dossier_reuse(request: HttpRequest, code: str) -> HttpResponse:
    """Attach the applicant's earlier digitised papers (the desk, or the applicant)."""
    if not request.user.is_authenticated:
        return not_found_page(request, _("There is no dossier with code %(code)s.") % {"code": code})
    user = request.user
    assert isinstance(user, User)
    try:
        dossier = dossier_get(actor=user, code=code)
        ids = [int(v) for v in request.POST.getlist("digitised") if v.isdigit()]
        attached = actions.digitised_reuse(actor=user, dossier=dossier, ids=ids)
    except NotFound as missing:
        return not_found_page(request, str(missing.message))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Papers reused: %(count)s.") % {"count": len(attached)})
    return redirect(safe_next(request, reverse("web:desk_dossier", args=[code])))


@officials_only
def certificates(request: HttpRequest) -> HttpResponse:
    """The official's certificates and requests; a form to request one (personal or seal)."""
    user = actor(request)
    units = _units(user)
    error = None
    if request.method == "POST":
        unit = next((u for u in units if u.code == request.POST.get("unit", "")), None)
        try:
            if unit is None:
                raise InvalidInput(_("Choose one of your units."), field="unit")
            actions.certificate_request(
                actor=user, kind=request.POST.get("kind", ""), unit=unit, title=request.POST.get("title", "")
            )
        except DomainError as problem:
            error = problem.message
        else:
            messages.success(request, _("Your request was sent to the administrator."))
            return redirect("web:certificates")
    context = {
        "units": units,
        "kinds": CertificateKind.choices,
        "certificates": certificates_of(user),
        "requests": certificate_requests_of(user),
        "error": error,
        "posted": request.POST if request.method == "POST" else {},
    }
    return render(request, "web/documents/certificates.html", context, status=422 if error else 200)


@officials_only
def delegations(request: HttpRequest) -> HttpResponse:
    """A leader authorises a deputy to sign results of chosen procedures for a period."""
    user = actor(request)
    units = _units(user)
    error = None
    if request.method == "POST":
        try:
            unit = next((u for u in units if u.code == request.POST.get("unit", "")), None)
            if unit is None:
                raise InvalidInput(_("Choose one of your units."), field="unit")
            deputy = User.objects.filter(username=request.POST.get("deputy", "").strip()).first()
            if deputy is None:
                raise InvalidInput(_("There is no official with that user name."), field="deputy")
            codes = [
                c.strip() for c in request.POST.get("procedures", "").replace(",", " ").split() if c.strip()
            ]
            procedures = list(Procedure.objects.filter(code__in=codes))
            if len(procedures) != len(set(codes)):
                raise InvalidInput(_("One of the procedure codes is unknown."), field="procedures")
            actions.delegation_grant(
                actor=user,
                unit=unit,
                deputy=deputy,
                procedures=procedures,
                starts_on=_day(request.POST.get("starts_on", ""), "starts_on"),
                ends_on=_day(request.POST.get("ends_on", ""), "ends_on"),
            )
        except NotFound as missing:
            error = missing.message
        except DomainError as problem:
            error = problem.message
        else:
            messages.success(request, _("The delegation is recorded."))
            return redirect("web:delegations")
    context = {
        "units": units,
        "delegations": delegations_of(user),
        "error": error,
        "posted": request.POST if request.method == "POST" else {},
    }
    return render(request, "web/documents/delegations.html", context, status=422 if error else 200)


@require_POST
@officials_only
def delegation_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    delegation = delegation_get(actor=user, pk=pk)
    try:
        actions.delegation_end(actor=user, delegation=delegation)
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The delegation has ended."))
    return redirect("web:delegations")


def ca_crl(request: HttpRequest) -> HttpResponse:
    """The revocation list of the province CA (DER), public."""
    try:
        der = crl_current()
    except AuthorityMissing:
        return not_found_page(request, _("The province certification authority has not been created yet."))
    response = HttpResponse(der, content_type="application/pkix-crl")
    response["Content-Disposition"] = 'attachment; filename="motcua-ca.crl"'
    return response


def ca_root(request: HttpRequest) -> HttpResponse:
    """The root certificate, for anyone who wants to trust the province's signatures."""
    from cryptography.hazmat.primitives import serialization

    try:
        certificate = authority_certificate()
    except AuthorityMissing:
        return not_found_page(request, _("The province certification authority has not been created yet."))
    response = HttpResponse(
        certificate.public_bytes(serialization.Encoding.DER), content_type="application/pkix-cert"
    )
    response["Content-Disposition"] = 'attachment; filename="motcua-ca.crt"'
    return response
