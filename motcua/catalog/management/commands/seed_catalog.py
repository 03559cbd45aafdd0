from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motcua.catalog.actions import catalog_seed
from motcua.catalog.models import Procedure


class Command(BaseCommand):
    help = "Create the catalogue of real administrative procedures. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        created = catalog_seed()
        self.stdout.write(
            self.style.SUCCESS(
                _("Catalogue ready: %(total)d procedures (%(created)d new).")
                % {"total": Procedure.objects.count(), "created": created}
            )
        )
