"""Turns pydantic/ninja validation errors into translated messages that name the field."""

from typing import Any

from django.utils.translation import gettext as _


def _field_name(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "payload", "file", "data")]
    return ".".join(parts) or "request"


def _message(error: dict[str, Any], field: str) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("The field “%(field)s” is required.") % {"field": field}
    if kind in ("int_parsing", "int_type", "float_parsing", "float_type"):
        return _("The field “%(field)s” must be a number.") % {"field": field}
    if kind in ("datetime_parsing", "datetime_type", "datetime_from_date_parsing"):
        return _("The field “%(field)s” must be a date and time in ISO 8601 format.") % {"field": field}
    if kind in ("date_parsing", "date_type", "date_from_datetime_parsing"):
        return _("The field “%(field)s” must be a date (YYYY-MM-DD).") % {"field": field}
    if kind == "timezone_aware":
        return _("The field “%(field)s” must include a time zone offset, e.g. +07:00.") % {"field": field}
    if kind in ("greater_than_equal", "greater_than"):
        return _("The field “%(field)s” must be at least %(limit)s.") % {
            "field": field,
            "limit": ctx.get("ge", ctx.get("gt")),
        }
    if kind in ("less_than_equal", "less_than"):
        return _("The field “%(field)s” must be at most %(limit)s.") % {
            "field": field,
            "limit": ctx.get("le", ctx.get("lt")),
        }
    if kind in ("string_too_short", "string_too_long", "string_pattern_mismatch"):
        return _("The field “%(field)s” has the wrong length or format.") % {"field": field}
    if kind in ("enum", "literal_error"):
        return _("The field “%(field)s” must be one of: %(choices)s.") % {
            "field": field,
            "choices": ctx.get("expected", ""),
        }
    return _("The field “%(field)s” is not valid.") % {"field": field}


def describe_validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    described = []
    for error in errors:
        field = _field_name(error.get("loc", ()))
        described.append({"field": field, "message": _message(error, field)})
    return described or [{"field": "request", "message": _("The request is not valid.")}]
