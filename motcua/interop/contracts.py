"""The published message shapes (`schemas/*.json`, JSON Schema 2020-12), checked on our side for what
we receive and by the fakes for what they receive: one set of files for both."""

from functools import cache
from typing import Any

import jsonschema

from motcua.interop.fakes.base import load_schema


@cache
def _validator(name: str) -> Any:
    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def contract_errors(name: str, document: Any) -> list[str]:
    """What is wrong with `document` against the schema `name`, as "path: message" (empty: valid)."""
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message}"
        for error in sorted(_validator(name).iter_errors(document), key=lambda e: list(e.absolute_path))
    ][:20]
