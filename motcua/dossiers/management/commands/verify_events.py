from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.dossiers.events import altered_dossiers


class Command(BaseCommand):
    help = "Check the event chain of every dossier and name each dossier whose history was altered."

    def handle(self, *args: Any, **options: Any) -> None:
        altered = 0
        for code, breaks in altered_dossiers():
            altered += 1
            self.stdout.write(
                _("%(code)s: history altered at event %(seq)s")
                % {"code": code, "seq": ", ".join(map(str, breaks))}
            )
        if altered:
            raise CommandError(_("%(count)d dossier(s) with altered history.") % {"count": altered})
        self.stdout.write(self.style.SUCCESS(_("Every dossier's history is intact.")))
