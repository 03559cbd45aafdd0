"""Write today's digest of early warnings for each unit's leaders to the outbox (once a day)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motcua.monitor.warnings import digest_send


class Command(BaseCommand):
    help = (
        "Send each unit leader the daily digest of early warnings (a second run the same day sends nothing)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        written = digest_send()
        self.stdout.write(_("%(count)s digest messages written.") % {"count": written})
