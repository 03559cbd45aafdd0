from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistriesConfig(AppConfig):
    name = "motcua.registries"
    label = "registries"
    verbose_name = _("State registries")

    def ready(self) -> None:
        from motcua.interop.periodic import periodic_job_register
        from motcua.registries.actions import registry_cache_sweep

        # Registry answers are forgotten once their day is over (Decree 13/2023: no longer than needed).
        periodic_job_register("registry_cache_sweep", lambda: registry_cache_sweep())
        from motcua.registries.handover import civil_status_poll

        # Every minute: the civil-status registry's answers on the dossiers handed over to it.
        periodic_job_register("civil_status_poll", lambda: civil_status_poll())
