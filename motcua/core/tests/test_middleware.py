"""The site-wide request guards: body size (review H2), client address, security headers (L2, L6),
officials-only monitoring pages (L7)."""

import io
import json
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from motcua.accounts.tests import conftest as accounts_fixtures
from motcua.accounts.tests.conftest import World
from motcua.accounts.tests.factories import DEMO_PASSWORD
from motcua.core.middleware import RequestBodyLimitMiddleware, SecurityHeadersMiddleware

world = accounts_fixtures.world  # the officials and the citizen of the accounts tests


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


class ExplodingStream(io.RawIOBase):
    """A request body that fails the test if more than `allowed` bytes are read from it."""

    def __init__(self, allowed: int) -> None:
        self.allowed = allowed
        self.read_bytes = 0

    def read(self, size: int | None = -1) -> bytes:
        want = self.allowed + 1 if size is None or size < 0 else size
        self.read_bytes += want
        if self.read_bytes > self.allowed:
            raise AssertionError(f"the body was read past {self.allowed} bytes")
        return b"a" * want

    def readline(self, size: int | None = -1) -> bytes:
        return self.read(size)


def reading_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(len(request.body)))


def test_h2_a_body_over_the_limit_is_refused_with_413_before_a_byte_is_read(settings: object) -> None:
    settings.MOTCUA_REQUEST_MAX_BYTES = 1000  # type: ignore[attr-defined]
    request = RequestFactory().post("/api/v1/dossiers", b"", content_type="application/json")
    stream = ExplodingStream(allowed=0)
    request._stream = stream  # type: ignore[assignment]
    request.META["CONTENT_LENGTH"] = str(600 * 1024 * 1024)
    response = RequestBodyLimitMiddleware(reading_view)(request)
    assert response.status_code == 413
    assert stream.read_bytes == 0
    body = json.loads(response.content)
    assert body["error"]["code"] == "too_large"


def test_h2_a_body_without_content_length_is_counted_while_read(settings: object) -> None:
    settings.MOTCUA_REQUEST_MAX_BYTES = 1000  # type: ignore[attr-defined]
    request = RequestFactory().post("/api/v1/dossiers", b"", content_type="application/json")
    stream = ExplodingStream(allowed=1001)
    request._stream = stream  # type: ignore[assignment]
    request.META.pop("CONTENT_LENGTH", None)
    request.META["HTTP_TRANSFER_ENCODING"] = "chunked"
    middleware = RequestBodyLimitMiddleware(lambda r: HttpResponse(r.read()))
    with pytest.raises(Exception) as refused:
        middleware(request)
    assert type(refused.value).__name__ == "RequestDataTooBig"
    # At most one byte past the limit was asked of the client's stream.
    assert stream.read_bytes == 1001


def test_h2_a_body_within_the_limit_passes(settings: object) -> None:
    settings.MOTCUA_REQUEST_MAX_BYTES = 1000  # type: ignore[attr-defined]
    request = RequestFactory().post("/x", b"a" * 1000, content_type="application/octet-stream")
    assert RequestBodyLimitMiddleware(reading_view)(request).content == b"1000"


@pytest.mark.django_db
def test_h2_an_oversized_upload_to_the_api_gets_413_in_the_error_shape(settings: object) -> None:
    settings.MOTCUA_REQUEST_MAX_BYTES = 4096  # type: ignore[attr-defined]
    big = io.BytesIO(b"%PDF-1.4\n" + b"0" * 10_000)
    big.name = "big.pdf"
    response = Client().post("/api/v1/dossiers", {"data": "{}", "files": big}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    assert response.json() == {
        "error": {"code": "too_large", "message": "The request is too large: at most 0 MB.", "field": None}
    }


@pytest.mark.django_db
def test_h2_an_oversized_form_on_a_page_gets_413(settings: object) -> None:
    settings.MOTCUA_REQUEST_MAX_BYTES = 4096  # type: ignore[attr-defined]
    response = Client().post(reverse("web:login"), {"username": "x" * 10_000, "password": "y"})
    assert response.status_code == 413


def test_l2_pages_carry_a_content_security_policy_and_permissions_policy() -> None:
    request = RequestFactory().get("/")
    response = SecurityHeadersMiddleware(lambda r: HttpResponse("ok"))(request)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), payment=()"
    assert "Cache-Control" not in response  # a public page may be cached


@pytest.mark.parametrize("path", ["/desk/", "/track/", "/submit/1.001612/", "/api/v1/dossiers/X"])
def test_l6_pages_with_personal_data_are_not_stored(path: str) -> None:
    request = RequestFactory().get(path)
    response = SecurityHeadersMiddleware(lambda r: HttpResponse("ok"))(request)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_l6_the_desk_answers_no_store(world: World) -> None:
    client = Client()
    client.post(reverse("web:login"), {"username": "xuly", "password": DEMO_PASSWORD})
    response = client.get(reverse("web:desk"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_l7_a_citizen_cannot_open_the_monitoring_reports(world: World) -> None:
    client = Client()
    client.force_login(world.citizen)
    assert client.get("/monitor/reports/").status_code == 404
    assert client.post("/monitor/reports/", {"format": "xlsx"}).status_code == 404


@pytest.mark.django_db
def test_l7_the_province_monitor_still_opens_them(world: World) -> None:
    client = Client()
    client.force_login(world.monitor)
    assert client.get("/monitor/reports/").status_code == 200


def test_l5_the_api_docs_load_swagger_ui_from_the_project() -> None:
    html = Client().get("/api/v1/docs").content.decode()
    assert "cdn.jsdelivr.net" not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html


def test_h2_the_development_server_does_not_read_the_refused_body_afterwards(settings: object) -> None:
    """`runserver` reads what is left of the body after the answer, in one piece (bin/run serves the demo)."""
    from django.core.handlers.wsgi import LimitedStream

    settings.MOTCUA_REQUEST_MAX_BYTES = 10  # type: ignore[attr-defined]
    request = RequestFactory().post("/api/v1/dossiers", b"", content_type="application/json")
    server_stream = LimitedStream(ExplodingStream(allowed=0), 600 * 1024 * 1024)  # type: ignore[arg-type]
    request.META["wsgi.input"] = server_stream
    request.META["CONTENT_LENGTH"] = str(600 * 1024 * 1024)
    assert RequestBodyLimitMiddleware(reading_view)(request).status_code == 413
    assert server_stream.read() == b""
