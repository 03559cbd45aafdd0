import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils.translation import gettext as _

from motcua.interop.periodic import periodic_round


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (deliver due notifications, close dossiers whose supplement is overdue) "
        "every INTERVAL seconds, or once with --once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Run one round and exit (for cron and tests)."
        )
        parser.add_argument("--interval", type=int, default=60, help="Seconds between rounds (default 60).")

    def handle(self, *args: Any, **options: Any) -> None:
        interval = max(1, options["interval"])
        try:
            while True:
                failed = 0
                for job, result in periodic_round().items():
                    if result is None:
                        failed += 1
                        self.stderr.write(_("%(job)s failed, see the log.") % {"job": job})
                    else:
                        self.stdout.write(_("%(job)s: %(count)d") % {"job": job, "count": result})
                if options["once"]:
                    if failed:  # cron and monitors see a failed round in the exit status
                        raise CommandError(_("%(count)d periodic job(s) failed.") % {"count": failed})
                    return
                time.sleep(interval)
                # A long-running process: drop connections the database closed while we slept.
                close_old_connections()
        except KeyboardInterrupt:
            self.stdout.write(_("Stopped."))
