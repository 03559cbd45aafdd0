"""Pages of the portal part of the site (names live in the `web` namespace)."""

from django.urls import URLPattern, URLResolver, path

from motcua.web.views import portal

urlpatterns: list[URLPattern | URLResolver] = [
    path("submit/", portal.submit_start, name="portal_start"),
    path("submit/done/<str:code>/", portal.submit_done, name="portal_done"),
    path("submit/unit/", portal.unit_note, name="portal_unit"),
    path("submit/<str:procedure>/", portal.submit, name="portal_submit"),
    path("track/", portal.track, name="portal_track"),
    path("track/<str:code>/rate/", portal.rate, name="portal_rate"),
    path("track/<str:code>/end/", portal.end, name="portal_end"),
]
