from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motcua.audit.anchors import anchor_head, chains_anchor


class Command(BaseCommand):
    help = (
        "Anchor the head of every dossier chain that moved since the last anchor, and print the newest "
        "anchor (seq:hash) to keep off this machine; verify_events --anchor checks it later."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        anchor = chains_anchor()
        if anchor is None:
            self.stdout.write(_("No chain moved since the last anchor."))
        else:
            self.stdout.write(_("%(count)d chain(s) anchored.") % {"count": anchor.entries_count})
        head = anchor_head()
        if head:
            self.stdout.write(_("Newest anchor: %(head)s") % {"head": head})
