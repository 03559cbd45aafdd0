from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.audit.models import Anchor
from motcua.audit.rekey import chains_rekey


class Command(BaseCommand):
    help = (
        "Give the keyed hash (MOTCUA_CHAIN_KEY) to the event chains stored before it. Chains already "
        "altered are left as they are and named. Before the first anchor; with nothing to re-key "
        "it changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Safe to run at every set-up: with nothing to re-key it changes nothing, anchors or not.
        pending = any(done for _code, done in chains_rekey(dry_run=True))
        if pending and Anchor.objects.exists():
            raise CommandError(_("The chains are already anchored: re-keying now would break every anchor."))
        rekeyed = 0
        altered = []
        for code, done in chains_rekey():
            if done:
                rekeyed += 1
            else:
                altered.append(code)
                self.stdout.write(_("%(code)s: history altered, left as it is") % {"code": code})
        self.stdout.write(_("%(count)d chain(s) re-keyed.") % {"count": rekeyed})
        if altered:
            raise CommandError(_("%(count)d dossier(s) with altered history.") % {"count": len(altered)})
