from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "motcua.interop"
    label = "interop"
    verbose_name = _("Notifications and connectors")

    def ready(self) -> None:
        from motcua.interop import receivers  # noqa: F401  (connects the dossier event receiver)
