from django.urls import URLPattern, path

from motcua.proposals import views

app_name = "proposals"

urlpatterns: list[URLPattern] = [
    path("desk/proposals/", views.list_page, name="list_open"),
    path("desk/proposals/new/", views.file_page, name="file"),
    path("desk/proposals/dashboard/", views.dashboard_page, name="dashboard"),
    path("desk/proposals/list/<str:state>/", views.list_page, name="list"),
    path("desk/proposals/<int:pk>/", views.item_page, name="item"),
    path("desk/proposals/<int:pk>/files/<int:file_pk>/", views.attachment, name="attachment"),
    path("desk/proposals/<int:pk>/<str:name>/", views.step, name="step"),
]
