from django.contrib import admin
from django.urls import include, path

from motcua.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("motcua.feedback.urls")),
    path("", include("motcua.staff.urls")),
    path("", include("motcua.proposals.urls")),
    path("", include("motcua.programmes.urls")),
    path("", include("motcua.registries.urls")),
    path("", include("motcua.web.urls_parts.pay")),
    path("", include("motcua.web.urls")),
]
