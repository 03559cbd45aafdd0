import csv
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.units.actions import IdentifierListRejected, IdentifierRow, agency_identifiers_load


class Command(BaseCommand):
    help = (
        "Load a province's published agency electronic identifiers (Decision 20/2020/QĐ-TTg) from a "
        "CSV file with two columns: the unit (its code, e.g. 24688 or 68.STP, or its name) and its "
        "identifier. A first row without digits in the second column is a header. All or nothing: a "
        "wrong row is reported with its line number and nothing is changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", type=Path)
        parser.add_argument("--province", type=int, default=settings.MOTCUA_PROVINCE_CODE)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["csv"]
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}
            ) from None
        head = text.split("\n", 1)[0]
        delimiter = next((d for d in (",", ";", "\t") if d in head), ",")
        reader = csv.reader(text.splitlines(), delimiter=delimiter)
        rows = []
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            first, second = [*cells, "", ""][:2]
            if line == 1 and not any(ch.isdigit() for ch in second):
                continue  # the header
            rows.append(IdentifierRow(line=line, unit=first, identifier=second))
        try:
            count = agency_identifiers_load(province_code=options["province"], rows=rows)
        except IdentifierListRejected as rejected:
            for problem in rejected.problems:
                self.stderr.write(problem)
            raise CommandError(str(rejected.message)) from None
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(
            self.style.SUCCESS(_("Agency identifiers loaded for %(count)d units.") % {"count": count})
        )
