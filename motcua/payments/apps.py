from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from motcua.interop.periodic import periodic_job_register
        from motcua.payments.online import payments_reconcile_round

        # Every minute: ask the platform about attempts whose confirmation has not come.
        periodic_job_register("payments_reconcile", payments_reconcile_round)
