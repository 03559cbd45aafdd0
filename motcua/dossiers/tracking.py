"""The budget of public tracking: at most MOTCUA_TRACKING_PER_MINUTE secret checks per client
address per minute, counted in the shared cache, so that the 4-digit secret cannot be guessed. The
portal's pages and the API draw on the same budget."""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError


class TooManyRequests(DomainError):
    status = 429
    code = "too_many_requests"


def tracking_throttle(address: str) -> None:
    """Count one secret check for `address`; refuse it when the minute's budget is spent."""
    key = f"motcua:track:{address}:{int(timezone.now().timestamp() // 60)}"
    cache.add(key, 0, timeout=90)
    if cache.incr(key) > settings.MOTCUA_TRACKING_PER_MINUTE:
        raise TooManyRequests(_("Too many tracking requests. Wait a minute and try again."))
