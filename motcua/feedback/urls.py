from django.urls import URLPattern, path

from motcua.feedback import views

app_name = "feedback"

urlpatterns: list[URLPattern] = [
    path("feedback/", views.public_list, name="public"),
    path("feedback/new/", views.submit, name="submit"),
    path("feedback/t/<str:token>/", views.mine, name="mine"),
    path("feedback/t/<str:token>/rate/", views.rate, name="rate"),
    path("desk/feedback/", views.desk_queue, name="desk_queue_open"),
    path("desk/feedback/new/", views.desk_new, name="desk_new"),
    path("desk/feedback/list/<str:state>/", views.desk_queue, name="desk_queue"),
    path("desk/feedback/<int:pk>/", views.desk_item, name="desk_item"),
    path("desk/feedback/<int:pk>/answer/", views.desk_answer, name="desk_answer"),
    path("desk/feedback/<int:pk>/reassign/", views.desk_reassign, name="desk_reassign"),
]
