"""Demo staff of the three demo communes (run after seed_demo so that accounts are linked)."""

from typing import Any

from django.core.management.base import BaseCommand

from motcua.staff.demo import staff_demo_seed


class Command(BaseCommand):
    help = "Create the demo organisation, positions and staff of the three demo communes. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        made = staff_demo_seed()
        self.stdout.write(f"{made} demo assignments made.")
