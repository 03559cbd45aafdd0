from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from motcua.accounts import lockout  # noqa: F401  (connects the failed-login counter)
