import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.web.demo import DEMO_PASSWORD, demo_seed
from motcua.web.demo_certificates import demo_certificates
from motcua.web.demo_history import DEFAULT_SCALE, demo_history, history_summary


class Command(BaseCommand):
    help = (
        "Create the demo personas and a year of dossiers for the demo communes (idempotent). "
        "Run load_units and seed_catalog first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-history", action="store_true", help="Create the personas only, without the demo year."
        )
        parser.add_argument(
            "--dossiers-scale",
            type=float,
            default=DEFAULT_SCALE,
            help=(
                "Multiply the demo year's volume (37.5 dossiers a year per 1,000 inhabitants at 1.0) "
                f"by this factor; default {DEFAULT_SCALE}."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale: float = options["dossiers_scale"]
        if not 0 < scale <= 10:
            raise CommandError("--dossiers-scale must be more than 0 and at most 10.")
        accounts = demo_seed(actor=None, province_code=settings.MOTCUA_PROVINCE_CODE)
        for account in accounts:
            self.stdout.write(f"  {account.username:<20} {account.role:<22} {account.unit_name}")
        self.stdout.write(f"{len(accounts)} demo accounts ready; password for all: {DEMO_PASSWORD}")
        certificates = demo_certificates()
        self.stdout.write(f"{len(certificates)} demo signing certificates issued by the province authority.")
        if options["no_history"]:
            return
        self.stdout.write(f"Playing the demo year (scale {scale:g})…")
        started = time.perf_counter()
        report = demo_history(scale=scale, progress=self.stdout.write)
        if report.skipped:
            self.stdout.write("The demo communes already have dossiers: the demo year is left as it is.")
            return
        elapsed = time.perf_counter() - started
        volumes = ", ".join(f"{code}: {count}" for code, count in report.volumes.items())
        self.stdout.write(f"{report.created} demo dossiers in {elapsed:.1f} s ({volumes}).")
        for name, counts in history_summary().items():
            line = ", ".join(f"{key} {count}" for key, count in counts.most_common())
            self.stdout.write(f"  by {name}: {line}")
