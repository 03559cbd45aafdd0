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
