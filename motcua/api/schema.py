"""The OpenAPI document, rendered deterministically so the committed copy can be compared."""

import json
from pathlib import Path

from django.conf import settings
from django.utils import translation

from motcua.api.api import api

SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "openapi.json"


def render_schema() -> str:
    # The committed schema is in English whatever the default language.
    with translation.override("en"):
        schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
