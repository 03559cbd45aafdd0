"""Recompute the monitor's counters and open-dossier snapshot from the dossier event log."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from motcua.monitor.actions import RebuildReport, counters_rebuild


class Command(BaseCommand):
    help = "Recompute the monitoring counters from the dossier events (all provinces, or those given)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", type=int, action="append", help="province code; repeatable")

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] > 0

        def progress(report: RebuildReport) -> None:
            if verbose:
                self.stdout.write(
                    _("%(dossiers)s dossiers, %(events)s events read")
                    % {"dossiers": report.dossiers, "events": report.events}
                )

        report = counters_rebuild(provinces=options["province"], progress=progress)
        if verbose:
            self.stdout.write(
                _("Done: %(daily)s daily rows, %(monthly)s monthly rows, %(open)s open dossiers.")
                % {"daily": report.daily_rows, "monthly": report.monthly_rows, "open": report.open_rows}
            )
