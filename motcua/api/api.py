"""The JSON API (django-ninja). Endpoints are thin; domain errors map to one error shape:

{"error": {"code": "not_found", "message": "…translated…", "field": "province" | null}}
"""

import logging
import sys
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from pydantic import BaseModel

from motcua.api.validation import describe_validation_errors
from motcua.core.calendar import MAX_YEAR, MIN_YEAR, OutsideCalendar
from motcua.core.errors import DomainError

logger = logging.getLogger("motcua.api")


class ReadableJSON(JSONRenderer):
    """Vietnamese text as UTF-8, not \\u escapes: readable in curl and in logs."""

    json_dumps_params = {"ensure_ascii": False}


# --- the OpenAPI contract (security review M9) ----------------------------------------------------

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Error",
    "description": "Every refusal: a stable code, a message in the request's language, the field at fault.",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "examples": ["not_found", "invalid", "conflict"]},
                "message": {"type": "string"},
                "field": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                "problems": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                    },
                },
            },
            "required": ["code", "message", "field"],
        }
    },
    "required": ["error"],
}

_ERRORS = {
    400: "The request is malformed (not JSON, not UTF-8, a broken multipart body).",
    401: "A valid API token is required.",
    403: "The caller may not do this.",
    404: "No such record, or the caller may not see it.",
    409: "The record's state does not allow this, or it changed meanwhile.",
    413: "The request body is too large.",
    422: "The input is not valid; `field` names it.",
    429: "Too many requests from this address; wait and retry.",
}


def _codes_for(method: str, operation: dict[str, Any]) -> list[int]:
    codes = [400, 404, 422, 429]
    if operation.get("security"):
        codes += [401, 403]
    if method in ("post", "put", "patch", "delete"):
        codes += [409, 413]
    return sorted(codes)


def document_errors(schema: dict[str, Any]) -> None:
    """Every operation lists the refusals it can answer, all in the one error shape."""
    schema["components"]["schemas"]["Error"] = ERROR_SCHEMA
    for methods in schema.get("paths", {}).values():
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            for code in _codes_for(method, operation):
                responses.setdefault(
                    code,
                    {
                        "description": _ERRORS[code],
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"].rsplit("/", 1)[-1]} if isinstance(node.get("$ref"), str) else set()
        for value in node.values():
            found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(_refs(value) for value in node)) if node else set()
    return set()


def _model_named(name: str) -> type[BaseModel] | None:
    for module_name, module in list(sys.modules.items()):
        if module_name.startswith("motcua.api.") and module is not None:
            candidate = getattr(module, name, None)
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                return candidate
    return None


def resolve_missing_components(schema: dict[str, Any]) -> None:
    """Request bodies that endpoints parse themselves name their model by `$ref` only (`DossierIn`):
    add every such model, and the models it uses, to the components so that the reference resolves."""
    components = schema["components"]["schemas"]
    while missing := sorted(_refs(schema) - set(components)):
        added = False
        for name in missing:
            model = _model_named(name)
            if model is None:
                continue
            definition = model.model_json_schema(ref_template="#/components/schemas/{model}")
            for nested_name, nested in definition.pop("$defs", {}).items():
                components.setdefault(nested_name, nested)
            components[name] = definition
            added = True
        if not added:
            return


class MotcuaAPI(NinjaAPI):
    """Adds to the schema the request bodies that endpoints parse themselves (JSON or multipart)."""

    extra_schemas: list[type[BaseModel]]

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in self.extra_schemas:
            definition = model.model_json_schema(ref_template="#/components/schemas/{model}")
            for name, nested in definition.pop("$defs", {}).items():
                components.setdefault(name, nested)
            components.setdefault(model.__name__, definition)
        resolve_missing_components(schema)
        document_errors(schema)
        return schema


api = MotcuaAPI(
    title="motcua API",
    version="1",
    # The schema is published in English (a committed file); error messages follow the request language.
    description="The one-stop administrative procedure information system of the province.",
    urls_namespace="api",
    docs_url="/docs",
    renderer=ReadableJSON(),
)
api.extra_schemas = []


def error_body(code: str, message: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field, **extra}}


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, error_body(exc.code, str(exc.message), exc.field), status=exc.status)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = describe_validation_errors(exc.errors)
    first = problems[0]
    body = error_body("invalid", first["message"], first["field"], problems=problems)
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, error_body("unauthorized", str(_("A valid API token is required."))), status=401
    )


# --- bad input never gives a 500 (security review M1) ---------------------------------------------


def _refuse(request: HttpRequest, status: int, code: str, message: Any) -> HttpResponse:
    return api.create_response(request, error_body(code, str(message), "request"), status=status)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _refuse(request, 413, "too_large", _("The request is too large."))


@api.exception_handler(MultiPartParserError)
def on_bad_multipart(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _refuse(request, 400, "bad_request", _("The multipart body is malformed."))


@api.exception_handler(SuspiciousOperation)
def on_suspicious(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Too many fields or files, a malformed header: Django's own request guards.
    return _refuse(request, 400, "bad_request", _("The request is malformed."))


@api.exception_handler(UnicodeError)
def on_bad_encoding(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _refuse(request, 400, "bad_request", _("The request body is not valid UTF-8."))


@api.exception_handler(RecursionError)
def on_too_deep(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _refuse(request, 400, "bad_request", _("The request body is nested too deeply."))


@api.exception_handler(OverflowError)
def on_overflow(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _refuse(request, 422, "invalid", _("A number in the request is too large."))


@api.exception_handler(OutsideCalendar)
def on_outside_calendar(request: HttpRequest, exc: Exception) -> HttpResponse:
    message = _("Dates must fall within the years %(first)s–%(last)s.") % {
        "first": MIN_YEAR,
        "last": MAX_YEAR,
    }
    return _refuse(request, 422, "invalid", message)


@api.exception_handler(DataError)
def on_data_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # A value the database cannot hold (an integer past 2^63 on PostgreSQL).
    return _refuse(request, 422, "invalid", _("A value in the request is out of range."))


@api.exception_handler(IntegrityError)
def on_integrity_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    if "datatype mismatch" in str(exc):  # SQLite's answer to an integer past 2^63
        return _refuse(request, 422, "invalid", _("A value in the request is out of range."))
    return on_any_error(request, exc)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _refuse(request, 404, "not_found", _("Not found."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja's own refusals, e.g. a body it cannot parse as JSON.
    code = "bad_request" if exc.status_code == 400 else "error"
    return _refuse(request, exc.status_code, code, _("The request is not valid."))


@api.exception_handler(Exception)
def on_any_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The last resort: logged with its traceback for the operators, never shown to the client."""
    logger.error("Unhandled error on %s %s", request.method, request.path, exc_info=exc)
    return api.create_response(
        request,
        error_body("server_error", str(_("An unexpected error occurred. Please try again later."))),
        status=500,
    )


def _register_routers() -> None:
    from motcua.api import catalog, documents, dossiers, stats, units

    api.add_router("", units.router)
    api.add_router("", catalog.router)
    api.add_router("", dossiers.router)
    api.add_router("", documents.router)
    api.add_router("", stats.router)
    from motcua.api import feedback

    api.add_router("", feedback.router)
    from motcua.api import registries

    api.add_router("", registries.router)


api.extra_schemas = []
_register_routers()
