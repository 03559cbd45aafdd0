import logging

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("motcua")


class CoreConfig(AppConfig):
    name = "motcua.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        if settings.DEBUG:
            # The demo runs with DEBUG on: say so where the operator looks (security review L1).
            logger.warning(
                "DEBUG is on (MOTCUA_ENV=%s): error pages show tracebacks and settings. "
                "Not for production: set MOTCUA_ENV=production.",
                settings.MOTCUA_ENV,
            )
