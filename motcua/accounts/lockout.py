"""Failed logins: the lock is per username AND address (axes, AXES_LOCKOUT_PARAMETERS), so that a
stranger cannot lock an official out from elsewhere; guessing many usernames from one address is
throttled separately, per address (core.middleware.AbuseThrottleMiddleware)."""

from typing import Any

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from motcua.core.middleware import login_failed


@receiver(user_login_failed, dispatch_uid="motcua-login-failed-per-address")
def count_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if request is not None:
        login_failed(str(request.META.get("REMOTE_ADDR") or ""))
