from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from motcua.payments.online import payments_reconcile


class Command(BaseCommand):
    help = (
        "Ask the national payment platform (QUERY) about the online payments not yet confirmed; "
        "with --all (the nightly run), about every one of the last three days."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="Ask about every open attempt, whenever last asked."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        changed = payments_reconcile(everything=options["all"])
        self.stdout.write(_("%(count)d online payments changed state.") % {"count": changed})
