"""The financial step of a dossier (national status code 6): the payment notice the handler issues,
how it was paid, and the remittance of the charges collected to the state budget (Art.24)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier


class PaymentNotice(models.Model):
    """What the applicant must pay before the dossier goes on, one line per fee or charge of the
    procedure. While the notice is open the dossier is in code 6; where the procedure's sector law
    excludes the payment time from the legal time (`clock_paused`), the working time between
    issue and payment is added to the dossier's due times when the payment is recorded.

    Online payment (issue 14) records its transaction here too: `method` online, the platform's
    reference (`reference`, MaThamChieu) and transaction id (`platform_transaction_id`, MaGiaoDich)."""

    class Method(models.TextChoices):
        CASH = "cash", _("Cash at the desk")
        TRANSFER = "transfer", _("Bank transfer")
        ONLINE = "online", _("Online payment platform")

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="payment_notices", verbose_name=_("dossier")
    )
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    # [{"fee": <catalog.Fee id>, "label": str, "kind": "fee"|"charge", "amount": int đồng}]
    lines = models.JSONField(_("lines"), default=list)
    total = models.PositiveBigIntegerField(_("total (đồng)"))
    charges_total = models.PositiveBigIntegerField(_("charges to remit (đồng)"), default=0)
    note = models.TextField(_("note"), blank=True)
    clock_paused = models.BooleanField(_("legal time paused while waiting"), default=False)
    resume_status = models.CharField(max_length=24, blank=True)

    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=64, blank=True)
    reference = models.CharField(_("payment reference"), max_length=64, blank=True)
    platform_transaction_id = models.CharField(_("platform transaction id"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    # Working hours the legal time was paused, added to the due times at payment.
    paused_hours = models.DecimalField(
        _("working hours paused"), max_digits=9, decimal_places=2, null=True, blank=True
    )

    remittance_due_at = models.DateTimeField(_("charges to be remitted by"), null=True, blank=True)
    remitted_at = models.DateTimeField(_("charges remitted"), null=True, blank=True)
    remitted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("remitted by")
    )
    remittance_reference = models.CharField(_("remittance reference"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("payment notice")
        verbose_name_plural = _("payment notices")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # One open notice per dossier: a second request while one waits is refused.
            models.UniqueConstraint(
                fields=["dossier"], condition=models.Q(paid_at__isnull=True), name="payments_one_open_notice"
            ),
            models.UniqueConstraint(
                fields=["receipt_number"],
                condition=~models.Q(receipt_number=""),
                name="payments_receipt_number_unique",
            ),
            models.UniqueConstraint(
                fields=["platform_transaction_id"],
                condition=~models.Q(platform_transaction_id=""),
                name="payments_platform_transaction_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(paid_at__isnull=True) | ~models.Q(method=""),
                name="payments_paid_has_method",
            ),
        ]
        indexes = [
            # The remittance watch: charges collected and not yet remitted.
            models.Index(
                fields=["remittance_due_at"],
                condition=models.Q(remitted_at__isnull=True, remittance_due_at__isnull=False),
                name="payments_remittance_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.total}"

    @property
    def is_open(self) -> bool:
        return self.paid_at is None


class OnlinePayment(models.Model):
    """One attempt to pay a notice on the national payment platform, under its own reference
    (MaThamChieu). Its state changes only on the platform's server-to-server confirmation or on the
    answer to a QUERY; the citizen's browser coming back only shows it. The row is written before
    the platform is called, so an attempt interrupted anywhere is found again by reconciliation."""

    class Status(models.TextChoices):
        INITIATED = "initiated", _("Waiting for payment")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired unpaid")

    notice = models.ForeignKey(
        PaymentNotice,
        on_delete=models.PROTECT,
        related_name="online_payments",
        verbose_name=_("payment notice"),
    )
    reference = models.CharField(_("payment reference"), max_length=64, unique=True)
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.INITIATED)
    pay_url = models.URLField(_("payment page"), max_length=500, blank=True)
    # ThoiGianGD of the INIT, echoed by QUERY (yyyyMMddHHmmss, local time, 24-hour clock).
    init_time = models.CharField(max_length=14)
    initiated_at = models.DateTimeField(_("started"))
    expires_at = models.DateTimeField(_("expires"))
    platform_transaction_id = models.CharField(_("platform transaction id"), max_length=64, blank=True)
    bank = models.CharField(_("bank"), max_length=32, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    # How the payment became known: "callback" (the platform's confirmation) or "query" (reconciliation).
    confirmed_by = models.CharField(_("confirmed by"), max_length=16, blank=True)
    # The money arrived for a notice already paid otherwise (at the desk): to be refunded.
    refund_due = models.BooleanField(_("to be refunded"), default=False)
    last_queried_at = models.DateTimeField(_("last asked"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    callback = models.JSONField(_("confirmation received"), default=dict, blank=True)
    receipt_pdf = models.BinaryField(_("electronic receipt"), blank=True, default=b"")

    class Meta:
        verbose_name = _("online payment")
        verbose_name_plural = _("online payments")
        ordering = ["-initiated_at", "-pk"]
        constraints = [
            # One attempt waiting per notice: a second click reuses it, so nobody is charged twice.
            models.UniqueConstraint(
                fields=["notice"], condition=models.Q(status="initiated"), name="payments_one_waiting_attempt"
            ),
            models.UniqueConstraint(
                fields=["platform_transaction_id"],
                condition=~models.Q(platform_transaction_id=""),
                name="payments_online_transaction_unique",
            ),
        ]
        indexes = [
            models.Index(
                fields=["initiated_at"],
                condition=models.Q(status__in=["initiated", "expired"]),
                name="payments_online_open",
            )
        ]

    def __str__(self) -> str:
        return self.reference
