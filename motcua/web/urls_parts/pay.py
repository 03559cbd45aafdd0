"""The citizen's online payment pages (included from motcua/urls.py)."""

from django.urls import path

from motcua.web.views import pay

app_name = "pay"

urlpatterns = [
    path("pay/", pay.pay_start, name="start"),
    path("pay/return/", pay.pay_return, name="return"),
    path("desk/payments/<str:reference>/receipt.pdf", pay.receipt, name="receipt"),
]
