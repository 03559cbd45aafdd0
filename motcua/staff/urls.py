from django.urls import URLPattern, path

from motcua.staff import views

app_name = "staff"

urlpatterns: list[URLPattern] = [
    path("desk/staff/", views.index, name="index"),
    path("desk/staff/province/", views.province_page, name="province"),
    path("desk/staff/import-template.xlsx", views.import_template, name="import_template"),
    path("desk/staff/officials/<int:pk>/", views.official_page, name="official"),
    path("desk/staff/officials/<int:pk>/move/", views.official_move, name="official_move"),
    path("desk/staff/assignments/<int:pk>/end/", views.end_assignment, name="end_assignment"),
    path("desk/staff/u/<str:code>/", views.unit_page, name="unit"),
    path("desk/staff/u/<str:code>/import/", views.import_page, name="import"),
]
