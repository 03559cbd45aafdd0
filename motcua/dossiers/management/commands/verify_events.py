from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.audit.anchors import anchor_head
from motcua.audit.verification import history_findings


class Command(BaseCommand):
    help = (
        "Check every dossier's history: the keyed event chain, the chain against its last anchor, the "
        "dossier row against its events, and the anchors' own chain. Names each altered dossier."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            default="",
            help=(
                "An anchor head kept off the machine (seq:hash, as printed by anchor_chains); "
                "it must still be there."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        altered: set[str] = set()
        for finding in history_findings(expected_head=options["anchor"]):
            altered.add(finding.where)
            self.stdout.write(_("%(code)s: %(what)s") % {"code": finding.where, "what": finding.what})
        head = anchor_head()
        if head:
            self.stdout.write(_("Newest anchor: %(head)s") % {"head": head})
        if altered:
            raise CommandError(
                _("%(count)d dossier(s) or anchor(s) with altered history.") % {"count": len(altered)}
            )
        self.stdout.write(self.style.SUCCESS(_("Every dossier's history is intact.")))
