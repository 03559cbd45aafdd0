from typing import Any

from django.core.management.base import BaseCommand

from motcua.core.i18n import compile_catalogues


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po → .mo) without needing GNU gettext."

    def handle(self, *args: Any, **options: Any) -> None:
        written = compile_catalogues()
        self.stdout.write(f"compiled {len(written)} translation catalogue(s)")
