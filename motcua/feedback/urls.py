from django.urls import URLPattern, path

from motcua.feedback import open311, views

app_name = "feedback"

urlpatterns: list[URLPattern] = [
    path("feedback/", views.public_list, name="public"),
    path("feedback/new/", views.submit, name="submit"),
    path("feedback/t/<str:token>/", views.mine, name="mine"),
    path("feedback/t/<str:token>/rate/", views.rate, name="rate"),
    path("desk/feedback/", views.desk_queue, name="desk_queue_open"),
    path("desk/feedback/new/", views.desk_new, name="desk_new"),
    path("desk/feedback/officials/", views.desk_officials, name="desk_officials"),
    path("desk/feedback/list/<str:state>/", views.desk_queue, name="desk_queue"),
    path("desk/feedback/<int:pk>/", views.desk_item, name="desk_item"),
    path("desk/feedback/<int:pk>/answer/", views.desk_answer, name="desk_answer"),
    path("desk/feedback/<int:pk>/reassign/", views.desk_reassign, name="desk_reassign"),
    path("open311/v2/services.<str:fmt>", open311.services, name="open311_services"),
    path("open311/v2/services/<str:code>.<str:fmt>", open311.service_definition, name="open311_service"),
    path("open311/v2/requests.<str:fmt>", open311.requests_view, name="open311_requests"),
    path("open311/v2/requests/<str:token>.<str:fmt>", open311.request_detail, name="open311_request"),
    path("open311/v2/tokens/<str:token>.<str:fmt>", open311.token_lookup, name="open311_token"),
]
