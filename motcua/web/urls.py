from django.urls import path

from motcua.web.views import account, catalog, public, units

app_name = "web"

urlpatterns = [
    path("", public.home, name="home"),
    path("procedures/", catalog.procedure_list, name="procedure_list"),
    path("procedures/<str:code>/", catalog.procedure_detail, name="procedure_detail"),
    path("units/", units.unit_list, name="unit_list"),
    path("units/<str:code>/", units.unit_detail, name="unit_detail"),
    path("login/", account.LoginView.as_view(), name="login"),
    path("logout/", account.LogoutView.as_view(), name="logout"),
    path("desk/", account.desk, name="desk"),
]
