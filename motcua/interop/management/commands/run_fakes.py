import sys
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.interop.fakes import FAKES
from motcua.interop.fakes.launcher import FakeProcess


class Command(BaseCommand):
    help = (
        "Serve the fake external services (all, or those named), each in its own process on the "
        "127.0.0.1 port of its endpoint in settings; they stop with this command."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("names", nargs="*", help=f"Fakes to run (default: all of {', '.join(FAKES)}).")
        parser.add_argument("--idle-exit", type=float, default=0.0, help="Stop a fake after S idle seconds.")

    def handle(self, *args: Any, **options: Any) -> None:
        names = options["names"] or sorted(FAKES)
        unknown = [name for name in names if name not in FAKES]
        if unknown:
            raise CommandError(_("Unknown fake(s): %(names)s") % {"names": ", ".join(unknown)})
        data_dir = settings.VAR_DIR / "fakes"
        processes = []
        try:
            for name in names:
                url = str(settings.MOTCUA_ENDPOINTS.get(name, {}).get("base_url", ""))
                port = urlsplit(url).port or 0
                process = FakeProcess(name, port=port, data_dir=data_dir, idle_exit=options["idle_exit"])
                process.start()
                processes.append(process)
                self.stdout.write(_("%(name)s: %(url)s") % {"name": name, "url": process.url})
            self.stdout.flush()
            # Wait for the first fake to end (or Ctrl+C / SIGTERM of this process).
            while all(process.wait(1.0) is None for process in processes):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes:
                process.stop()
        sys.exit(0)
