from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motcua.units.actions import units_load


class Command(BaseCommand):
    help = (
        "Load the 34 provinces, their 3,321 commune-level units and province bodies, and the lineage "
        "from pre-2025 units. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(stage: str, done: int, total: int) -> None:
            if done == total or done % 10 == 0:
                self.stdout.write(f"\r  {stage}: {done}/{total}", ending="\n" if done == total else "")
                self.stdout.flush()

        report = units_load(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Units ready: %(provinces)d provinces, %(units)d units, %(old)d pre-2025 units, "
                    "%(links)d lineage links (%(created)d new records)."
                )
                % {
                    "provinces": report.provinces,
                    "units": report.units,
                    "old": report.old_units,
                    "links": report.lineage,
                    "created": report.created,
                }
            )
        )
