"""The JSON API (django-ninja). Endpoints are thin; domain errors map to one error shape:

{"error": {"code": "not_found", "message": "…translated…", "field": "province" | null}}
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.renderers import JSONRenderer
from pydantic import BaseModel

from motcua.api.validation import describe_validation_errors
from motcua.core.errors import DomainError


class ReadableJSON(JSONRenderer):
    """Vietnamese text as UTF-8, not \\u escapes: readable in curl and in logs."""

    json_dumps_params = {"ensure_ascii": False}


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
