"""The officials' desk (names live in the `web` namespace)."""

from django.urls import URLPattern, URLResolver, path

from motcua.web.views import desk, desk_payments, dossier, reception

urlpatterns: list[URLPattern | URLResolver] = [
    path("desk/", desk.landing, name="desk"),
    path("desk/queues/<str:name>/", desk.queue, name="desk_queue"),
    path("desk/workload/", desk.workload, name="desk_workload"),
    path("desk/receive/", reception.receive, name="desk_receive"),
    path("desk/receive/procedures/", reception.procedure_results, name="desk_procedure_results"),
    path("desk/receive/components/", reception.procedure_components, name="desk_procedure_components"),
    path("desk/receive/address/", reception.address_unit, name="desk_address_unit"),
    path("desk/dossiers/<str:code>/", dossier.dossier_page, name="desk_dossier"),
    path("desk/dossiers/<str:code>/receipt/", dossier.dossier_slip, name="desk_receipt"),
    path(
        "desk/dossiers/<str:code>/payment/request/",
        desk_payments.payment_request_view,
        name="desk_payment_request",
    ),
    path(
        "desk/dossiers/<str:code>/payment/record/",
        desk_payments.payment_record_view,
        name="desk_payment_record",
    ),
    path("desk/dossiers/<str:code>/payment/remit/", desk_payments.fees_remit_view, name="desk_fees_remit"),
    path("desk/dossiers/<str:code>/<str:action>/", dossier.dossier_act, name="desk_act"),
]
