"""Warn the persons in charge and the leaders of overdue programme tasks (run daily)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.core.calendar import VIETNAM_TZ
from motcua.programmes.actions import overdue_warn


class Command(BaseCommand):
    help = "E-mail the person in charge and the unit's leaders of each overdue task, at most weekly."

    def handle(self, *args: Any, **options: Any) -> None:
        warned = overdue_warn(today=timezone.now().astimezone(VIETNAM_TZ).date())
        self.stdout.write(f"{warned} overdue tasks warned.")
