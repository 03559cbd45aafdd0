from django.urls import URLPattern, URLResolver, path

from motcua.web.urls_parts import desk, documents, monitor, portal
from motcua.web.views import account, catalog, public, units

app_name = "web"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.home, name="home"),
    path("procedures/", catalog.procedure_list, name="procedure_list"),
    path("procedures/<str:code>/", catalog.procedure_detail, name="procedure_detail"),
    path("units/", units.unit_list, name="unit_list"),
    path("units/<str:code>/", units.unit_detail, name="unit_detail"),
    path("login/", account.LoginView.as_view(), name="login"),
    path("logout/", account.LogoutView.as_view(), name="logout"),
    *desk.urlpatterns,
    *portal.urlpatterns,
    *documents.urlpatterns,
    *monitor.urlpatterns,
]
