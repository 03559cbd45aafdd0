from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "motcua.monitor"
    label = "monitor"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from motcua.interop.periodic import periodic_job_register
        from motcua.monitor import receivers  # noqa: F401  (connects the counters to the event log)
        from motcua.monitor.warnings import digest_send

        periodic_job_register("monitor_digest_send", digest_send)
