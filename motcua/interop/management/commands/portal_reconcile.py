from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.interop.http import EndpointError
from motcua.interop.reconcile import portal_reconcile


class Command(BaseCommand):
    help = (
        "Compare the national portal's counts per unit and day (then its lists where they differ) with "
        "ours over the last DAYS days, and send again what it lacks or holds stale. Prints the numbers "
        "of differing unit-days and of dossiers sent again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="Days back, today included.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = portal_reconcile(days=options["days"])
        except EndpointError as exc:
            raise CommandError(
                _("The national portal could not be reached: %(error)s") % {"error": exc}
            ) from exc
        self.stdout.write(
            _("Unit-days differing, dossiers sent again: %(differing)d %(resent)d")
            % {"differing": result.differing_days, "resent": result.resent}
        )
