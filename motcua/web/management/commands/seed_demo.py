from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from motcua.web.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Create the demo personas (idempotent). Run load_units and seed_catalog first."

    def handle(self, *args: Any, **options: Any) -> None:
        accounts = demo_seed(actor=None, province_code=settings.MOTCUA_PROVINCE_CODE)
        for account in accounts:
            self.stdout.write(f"  {account.username:<20} {account.role:<22} {account.unit_name}")
        self.stdout.write(f"{len(accounts)} demo accounts ready; password for all: {DEMO_PASSWORD}")
