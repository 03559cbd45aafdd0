"""Demo proposals of the three demo communes to the province (run after seed_demo)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from motcua.proposals.demo import proposals_demo_seed


class Command(BaseCommand):
    help = "Create demo proposals of Krông Nô, Cư Jút and Đắk Mil at every stage. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        made = proposals_demo_seed(settings.MOTCUA_PROVINCE_CODE)
        self.stdout.write(f"{made} demo proposals made.")
