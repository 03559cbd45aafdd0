from typing import Any

from django.core.management.base import BaseCommand

from motcua.api.schema import SCHEMA_PATH, render_schema


class Command(BaseCommand):
    help = "Write the API's OpenAPI document to docs/openapi.json (commit it; a test checks it)."

    def handle(self, *args: Any, **options: Any) -> None:
        SCHEMA_PATH.write_text(render_schema(), encoding="utf-8")
        self.stdout.write(f"wrote {SCHEMA_PATH}")
