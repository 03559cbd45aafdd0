"""Demo action programmes of the three demo communes (run after seed_demo)."""

from typing import Any

from django.core.management.base import BaseCommand

from motcua.programmes.demo import programmes_demo_seed


class Command(BaseCommand):
    help = "Create the demo action programme 05-CTr/ĐU of Krông Nô, Cư Jút and Đắk Mil. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        made = programmes_demo_seed()
        self.stdout.write(f"{made} demo programmes made.")
