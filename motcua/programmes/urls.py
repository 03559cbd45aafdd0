from django.urls import URLPattern, path

from motcua.programmes import views

app_name = "programmes"

urlpatterns: list[URLPattern] = [
    path("desk/programmes/", views.list_page, name="list"),
    path("desk/programmes/new/", views.programme_new, name="new"),
    path("desk/programmes/<int:pk>/", views.programme_page, name="programme"),
    path("desk/programmes/<int:pk>/tasks/", views.task_new, name="task_new"),
    path("desk/programmes/<int:pk>/targets/", views.target_new, name="target_new"),
    path("desk/programmes/tasks/<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("desk/programmes/targets/<int:pk>/report/", views.report, name="report"),
]
