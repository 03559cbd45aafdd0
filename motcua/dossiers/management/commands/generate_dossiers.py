from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.calendar import VIETNAM_TZ
from motcua.dossiers.generator import (
    DEFAULT_BATCH,
    DEFAULT_SEED,
    RATE_PER_1000,
    GenerateProgress,
    dossiers_generate,
)
from motcua.units.models import Province


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes}m{seconds:02d}s"


class Command(BaseCommand):
    help = (
        "Generate realistic dossiers with their events, supplements, extensions and ratings, "
        f"about {RATE_PER_1000:g} a year per 1,000 inhabitants, received on the working days before "
        "--until. Reproducible from --seed and --until."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--province", type=int, help="province code, e.g. 68")
        where.add_argument("--all-provinces", action="store_true")
        parser.add_argument("--years", type=float, default=1.0, help="years of history (default 1)")
        parser.add_argument(
            "--until", type=date.fromisoformat, help="first day not generated, YYYY-MM-DD (default today)"
        )
        parser.add_argument(
            "--dossiers", type=int, help="total number of dossiers (instead of by population)"
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--batch", type=int, default=DEFAULT_BATCH, help="dossiers per transaction")
        parser.add_argument(
            "--jobs", type=int, help="processes building the rows (default: 2 on PostgreSQL, 1 on SQLite)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        provinces = Province.objects.order_by("code")
        if not options["all_provinces"]:
            provinces = provinces.filter(code=options["province"])
            if not provinces:
                raise CommandError(
                    _("There is no province with code %(code)s.") % {"code": options["province"]}
                )
        until = options["until"] or timezone.localtime(timezone.now(), VIETNAM_TZ).date()

        def progress(p: GenerateProgress) -> None:
            self.stdout.write(
                _(
                    "  batch %(batch)s: %(done)s/%(total)s dossiers, %(events)s events, %(rate)s/s, "
                    "%(elapsed)s elapsed, %(eta)s left"
                )
                % {
                    "batch": p.batch,
                    "done": f"{p.dossiers:,}",
                    "total": f"{p.total:,}",
                    "events": f"{p.events:,}",
                    "rate": f"{p.rate:,.0f}",
                    "elapsed": _duration(p.seconds),
                    "eta": _duration(p.eta),
                }
            )
            self.stdout.flush()

        try:
            report = dossiers_generate(
                provinces=list(provinces),
                until=until,
                years=options["years"],
                dossiers=options["dossiers"],
                seed=options["seed"],
                batch=options["batch"],
                jobs=options["jobs"],
                progress=progress,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        statuses = ", ".join(f"{status} {count:,}" for status, count in sorted(report.by_status.items()))
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(dossiers)s dossiers, %(events)s events, %(supplements)s supplements, "
                    "%(extensions)s extensions, %(ratings)s ratings in %(time)s (%(rate)s dossiers/s); "
                    "%(online).1f%% online; %(staff)s generated staff accounts created."
                )
                % {
                    "dossiers": f"{report.dossiers:,}",
                    "events": f"{report.events:,}",
                    "supplements": f"{report.supplements:,}",
                    "extensions": f"{report.extensions:,}",
                    "ratings": f"{report.ratings:,}",
                    "time": _duration(report.seconds),
                    "rate": f"{report.dossiers / report.seconds if report.seconds else 0:,.0f}",
                    "online": 100 * report.online_share,
                    "staff": report.staff_created,
                }
            )
        )
        self.stdout.write(_("By status: %(statuses)s") % {"statuses": statuses})
        self.stdout.write(
            _("Same data again: --seed %(seed)s --until %(until)s")
            % {"seed": report.seed, "until": report.until.isoformat()}
        )
