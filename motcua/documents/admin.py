"""Administration of certificates: approve-and-issue and revoke in one click each."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.models import User
from motcua.audit.admin_scope import ScopedAdmin
from motcua.core.errors import DomainError
from motcua.documents.actions import certificate_issue, certificate_revoke
from motcua.documents.models import (
    Certificate,
    CertificateRequest,
    Delegation,
    DigitisedComponent,
    SignedDocument,
    Verification,
)


@admin.register(CertificateRequest)
class CertificateRequestAdmin(ScopedAdmin):
    unit_path = "unit"
    list_display = ["requested_by", "kind", "unit", "title", "requested_at", "state"]
    list_filter = ["state", "kind"]
    search_fields = ["requested_by__username", "requested_by__full_name", "unit__name", "title"]
    readonly_fields = ["requested_by", "kind", "unit", "requested_at", "state", "decided_by", "decided_at"]
    actions = ["approve_and_issue"]

    @admin.action(description=gettext_lazy("Approve and issue the certificate"))
    def approve_and_issue(self, request: HttpRequest, queryset: QuerySet[CertificateRequest]) -> None:
        assert isinstance(request.user, User)
        issued = 0
        for item in queryset.select_related("unit", "requested_by"):
            try:
                certificate_issue(actor=request.user, request=item)
            except DomainError as error:
                self.message_user(request, f"{item}: {error.message}", messages.ERROR)
            else:
                issued += 1
        if issued:
            self.message_user(
                request, _("Certificates issued: %(count)s.") % {"count": issued}, messages.SUCCESS
            )


@admin.register(Certificate)
class CertificateAdmin(ScopedAdmin):
    unit_path = "unit"
    list_display = ["subject_name", "kind", "unit", "title", "not_after", "revoked_at"]
    list_filter = ["kind", "revoked_at"]
    search_fields = ["subject_name", "serial", "holder__username"]
    exclude = ["key_pem"]
    readonly_fields = [
        "kind",
        "holder",
        "unit",
        "request",
        "serial",
        "subject_name",
        "title",
        "certificate_pem",
        "not_before",
        "not_after",
        "issued_by",
        "revoked_at",
        "revocation_reason",
    ]
    actions = ["revoke"]

    @admin.action(description=gettext_lazy("Revoke the certificate"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[Certificate]) -> None:
        assert isinstance(request.user, User)
        for item in queryset.select_related("unit"):
            try:
                certificate_revoke(
                    actor=request.user,
                    certificate=item,
                    reason=_("Revoked by the administrator"),
                )
            except DomainError as error:
                self.message_user(request, f"{item}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, _("Revoked: %(name)s.") % {"name": item}, messages.SUCCESS)


@admin.register(Delegation)
class DelegationAdmin(ScopedAdmin):
    unit_path = "unit"
    list_display = ["leader", "deputy", "unit", "starts_on", "ends_on", "ended_at"]


@admin.register(SignedDocument)
class SignedDocumentAdmin(ScopedAdmin):
    unit_path = "unit"
    list_display = ["code", "kind", "dossier", "unit", "signer", "on_behalf_of", "signed_at"]
    search_fields = ["code", "dossier__code"]


@admin.register(DigitisedComponent)
class DigitisedComponentAdmin(ScopedAdmin):  # operators only: no unit
    list_display = ["type_code", "owner_national_id", "name", "valid_from", "valid_until", "scope"]
    search_fields = ["owner_national_id", "type_code"]


@admin.register(Verification)
class VerificationAdmin(ScopedAdmin):  # operators only: no unit
    list_display = ["at", "via", "code", "outcome"]
    list_filter = ["outcome", "via"]


# --- trust anchors of the government CA --------------------------------------------------------
# (imports here: this block is added to the module as a whole)
from django import forms  # noqa: E402
from django.utils import timezone  # noqa: E402

from motcua.documents.models import TrustAnchor  # noqa: E402


class TrustAnchorForm(forms.ModelForm[TrustAnchor]):
    """Paste a root or intermediate certificate (PEM); its name and fingerprint are read from it."""

    class Meta:
        model = TrustAnchor
        fields = ["certificate_pem", "enabled"]

    def clean_certificate_pem(self) -> str:
        from cryptography.hazmat.primitives import serialization

        from motcua.documents.trust import certificates_in, fingerprint

        text = str(self.cleaned_data["certificate_pem"]).strip()
        try:
            found = certificates_in(text.encode())
        except ValueError:
            found = []
        if len(found) != 1:
            raise forms.ValidationError(_("Paste exactly one certificate in PEM form."))
        certificate = found[0]
        taken = TrustAnchor.objects.filter(fingerprint=fingerprint(certificate)).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("This certificate is already a trust anchor."))
        self.instance.fingerprint = fingerprint(certificate)
        self.instance.name = certificate.subject.rfc4514_string()[:200]
        self.instance.is_root = certificate.issuer == certificate.subject
        return certificate.public_bytes(serialization.Encoding.PEM).decode()


@admin.register(TrustAnchor)
class TrustAnchorAdmin(admin.ModelAdmin[TrustAnchor]):
    form = TrustAnchorForm
    list_display = ["name", "is_root", "enabled", "fingerprint", "added_at"]
    list_filter = ["enabled", "is_root"]
    readonly_fields = ["name", "fingerprint", "is_root", "added_at"]

    def save_model(self, request: HttpRequest, obj: TrustAnchor, form: object, change: bool) -> None:
        if obj.added_at is None:
            obj.added_at = timezone.now()
        super().save_model(request, obj, form, change)
