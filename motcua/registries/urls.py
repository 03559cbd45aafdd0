from django.urls import path

from motcua.registries import views

app_name = "registries"

urlpatterns = [path("desk/registries/lookup/", views.lookup, name="lookup")]
