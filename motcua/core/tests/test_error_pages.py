"""Security review M1, L1: with DEBUG off a failing page answers 500 without a traceback or detail."""

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internal detail /work/main/motcua/settings.py")


urlpatterns = [path("broken/", broken)]


@pytest.mark.django_db
def test_m1_a_500_page_carries_no_traceback_when_debug_is_off(settings: Any) -> None:
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Traceback" not in html
    assert "secret internal detail" not in html
    assert "settings.py" not in html
