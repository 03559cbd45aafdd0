"""Certificates of the province CA, delegations to sign, signed documents, their verifications,
and digitised components (Decree 118 Art.19, 22)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.catalog.models import Component, Procedure
from motcua.dossiers.models import Attachment, Dossier
from motcua.units.models import Unit


class CertificateKind(models.TextChoices):
    PERSONAL = "personal", _("Personal signature of an official")
    SEAL = "seal", _("Seal of an agency")


class CertificateSource(models.TextChoices):
    """Where the private key lives, which decides how a signature is made."""

    DEMO = "demo", _("Demo CA of this system (no legal value)")
    TOKEN = "pkcs11", _("PKCS#11 token or HSM")
    REMOTE = "csc", _("Remote signing service (CSC)")


class TrustAnchor(models.Model):
    """A root or intermediate certificate of the government's public-service CA, configured by
    an administrator (beside the bundle folder of the settings): signatures chain up to these."""

    name = models.CharField(_("name"), max_length=200)
    certificate_pem = models.TextField(_("certificate (PEM)"))
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True)
    is_root = models.BooleanField(_("root"), default=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    added_at = models.DateTimeField(_("added at"))

    class Meta:
        verbose_name = _("trust anchor")
        verbose_name_plural = _("trust anchors")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class CertificateRequest(models.Model):
    """An official asks for a signing certificate for themselves or for their agency's seal; an
    administrator approves, and the certificate is issued at once."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ISSUED = "issued", _("Issued")
        REJECTED = "rejected", _("Rejected")

    kind = models.CharField(_("kind"), max_length=16, choices=CertificateKind.choices)
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="certificate_requests", verbose_name=_("requested by")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    title = models.CharField(_("signer's title"), max_length=120)
    requested_at = models.DateTimeField(_("requested at"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("certificate request")
        verbose_name_plural = _("certificate requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # One open request per holder and purpose: a double click files one request.
            models.UniqueConstraint(
                fields=["requested_by", "unit", "kind"],
                condition=models.Q(state="pending"),
                name="documents_one_pending_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.requested_by} · {self.unit}"


class Certificate(models.Model):
    """A certificate issued by the province CA. The holder's private key is kept by the server,
    encrypted at rest (remote signing); it never leaves except inside a signature."""

    kind = models.CharField(_("kind"), max_length=16, choices=CertificateKind.choices)
    holder = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("holder")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    request = models.OneToOneField(
        CertificateRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="certificate"
    )
    serial = models.CharField(_("serial number"), max_length=64, unique=True)
    subject_name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("signer's title"), max_length=120)
    certificate_pem = models.TextField()
    # Only for the demo CA: the key encrypted at rest. A token's or a remote service's key never
    # reaches this system.
    key_pem = models.TextField(blank=True)
    source = models.CharField(
        _("key held by"), max_length=16, choices=CertificateSource.choices, default=CertificateSource.DEMO
    )
    chain_pem = models.TextField(_("issuer chain (PEM)"), blank=True)
    issuer_name = models.CharField(_("issuer"), max_length=300, blank=True)
    token_key_label = models.CharField(_("key label on the token"), max_length=120, blank=True)
    csc_credential_id = models.CharField(_("remote credential ID"), max_length=200, blank=True)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-not_before", "-pk"]
        indexes = [models.Index(fields=["holder", "kind"], name="documents_cert_holder_kind")]

    def __str__(self) -> str:
        return f"{self.subject_name} ({self.serial[:8]})"


class CrlState(models.Model):
    """The number of the last revocation list published (RFC 5280 wants it to increase)."""

    number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"CRL {self.number}"


class Delegation(models.Model):
    """A leader authorises a deputy to sign, on the leader's behalf (ký thay), the results of
    chosen procedures during a period (dates inclusive)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    leader = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="delegations_given", verbose_name=_("leader")
    )
    deputy = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="delegations_received", verbose_name=_("deputy")
    )
    procedures = models.ManyToManyField(Procedure, related_name="+", verbose_name=_("procedures"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_at = models.DateTimeField(_("created at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="documents_delegation_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.leader} → {self.deputy} ({self.starts_on}–{self.ends_on})"


class SignedDocument(models.Model):
    """A PDF signed by us, found again by its public code (the QR code on it leads to
    /verify/<code>/)."""

    class Kind(models.TextChoices):
        RECEPTION_SCAN = "reception_scan", _("Scan signed at reception")
        RESULT = "result", _("Result of the procedure")
        CERTIFIED_COPY = "certified_copy", _("Certified electronic copy")

    code = models.CharField(_("code"), max_length=16, unique=True)
    kind = models.CharField(_("document type"), max_length=16, choices=Kind.choices)
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="signed_documents")
    source = models.ForeignKey(Attachment, on_delete=models.PROTECT, related_name="signed_versions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("issuing unit"))
    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="signatures")
    signer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # Signed on behalf of (ký thay): the leader who delegated, and the delegation used.
    on_behalf_of = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, null=True, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    file = models.FileField(upload_to="signed/%Y/%m/")
    sha256 = models.CharField(max_length=64, db_index=True)
    signed_at = models.DateTimeField(_("signed at"))
    # Signed with the built-in demo CA: said on the stamp and in every verification answer.
    demo = models.BooleanField(_("demo signature"), default=False)
    level = models.CharField(_("signature level"), max_length=8, blank=True)  # B-B, B-T, B-LT, B-LTA
    timestamped_at = models.DateTimeField(_("trusted time of signing"), null=True, blank=True)
    # Decree 30: the number and symbol from the agency's register; Decree 118 Art.22.4: the
    # paper's code (owner's identifier and result-type code).
    number = models.CharField(_("number and symbol"), max_length=80, blank=True)
    paper_code = models.CharField(_("paper code"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("signed document")
        verbose_name_plural = _("signed documents")
        ordering = ["dossier", "signed_at", "pk"]
        constraints = [
            # Signing the same file twice for the same purpose is one document.
            models.UniqueConstraint(fields=["source", "kind"], name="documents_signed_once")
        ]

    def __str__(self) -> str:
        return self.code


class Verification(models.Model):
    """One question asked of the public verification page or API, and its answer."""

    class Via(models.TextChoices):
        CODE = "code", _("Code")
        UPLOAD = "upload", _("Uploaded file")

    class Outcome(models.TextChoices):
        VALID = "valid", _("Valid")
        VALID_AT_SIGNING = "valid_at_signing", _("Valid at the time of signing")
        REVOKED = "revoked", _("Certificate revoked")
        ALTERED = "altered", _("Altered after signing")
        UNTRUSTED = "untrusted", _("Issuer not trusted")
        DEMO = "demo", _("Demo certificate, no legal value")
        UNKNOWN = "unknown", _("Not issued by this system")
        UNREADABLE = "unreadable", _("Not a readable PDF")

    at = models.DateTimeField()
    via = models.CharField(max_length=8, choices=Via.choices)
    code = models.CharField(max_length=64, blank=True)
    document = models.ForeignKey(SignedDocument, on_delete=models.SET_NULL, null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    uploaded_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["at"], name="documents_verification_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.code} {self.outcome}"


class DigitisedComponent(models.Model):
    """A paper of a dossier, digitised and signed, with the minimum data of Decree 118 Art.19.
    The owner may reuse it in a later dossier without handing it in again."""

    class Scope(models.TextChoices):
        NATIONWIDE = "nationwide", _("Nationwide")
        PROVINCE = "province", _("Within the province")

    type_code = models.CharField(_("type code"), max_length=32)
    owner_national_id = models.CharField(_("owner's personal ID number"), max_length=12, db_index=True)
    name = models.CharField(_("name"), max_length=500)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    scope = models.CharField(_("validity scope"), max_length=16, choices=Scope.choices)
    document = models.OneToOneField(SignedDocument, on_delete=models.PROTECT, related_name="digitised")
    component = models.ForeignKey(Component, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("digitised component")
        verbose_name_plural = _("digitised components")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.type_code} {self.name}"


class Reuse(models.Model):
    """A digitised component attached to a later dossier (counts towards reuse of digitised data)."""

    digitised = models.ForeignKey(DigitisedComponent, on_delete=models.PROTECT, related_name="reuses")
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="+")
    attachment = models.OneToOneField(Attachment, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["digitised", "dossier"], name="documents_reuse_once")]

    def __str__(self) -> str:
        return f"{self.digitised_id} → {self.dossier_id}"


# --- Document numbers (Decree 30/2020 Art.8, 15; Decree 118 forms): begin -----------------------
class Series(models.TextChoices):
    """The abbreviation of a document type (Decree 30/2020 Appendix III), and the series of the
    one-stop forms (Decree 118 appendix), each numbered from 1 every year per issuing agency."""

    DECISION = "QĐ", _("Decision")
    NOTICE = "TB", _("Notice")
    LETTER = "CV", _("Official letter")
    REPORT = "BC", _("Report")
    SUBMISSION = "TTr", _("Submission")
    RECEIPT = "TNHS", _("Receipt and appointment slip")
    SUPPLEMENT = "YCBS", _("Supplement request")
    REFUSAL = "TCGQ", _("Refusal to settle a dossier")
    APOLOGY = "PXL", _("Apology and new appointment")
    CONTROL = "KSGQ", _("Process control sheet")


class NumberCounter(models.Model):
    """The last number an agency issued in a series this year. Incremented under a row lock in the
    transaction that issues the number, so a rolled-back issue leaves no gap."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=8, choices=Series.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "series"], name="documents_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.series}: {self.last}"


class IssuedNumber(models.Model):
    """A number given to one document (`document_key`, e.g. "receipt:<dossier code>"); asked again
    for the same document, the same number is returned, so a re-print keeps its number."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("issuing unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    series = models.CharField(_("series"), max_length=8, choices=Series.choices)
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("number and symbol"), max_length=64)
    document_key = models.CharField(_("document"), max_length=120)
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        verbose_name = _("issued number")
        verbose_name_plural = _("issued numbers")
        ordering = ["unit", "year", "series", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "series", "number"], name="documents_number_once"
            ),
            models.UniqueConstraint(
                fields=["unit", "series", "document_key"], name="documents_number_per_doc"
            ),
        ]

    def __str__(self) -> str:
        return self.symbol


# --- Document numbers: end --------------------------------------------------------------------------
