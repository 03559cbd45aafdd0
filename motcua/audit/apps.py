from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "motcua.audit"
    label = "audit"
    verbose_name = _("History integrity")

    def ready(self) -> None:
        # interop runs the periodic round and never imports the apps above it: they register.
        from motcua.audit.anchors import anchor_if_due
        from motcua.interop.periodic import periodic_job_register

        periodic_job_register("chain_anchor", anchor_if_due)
