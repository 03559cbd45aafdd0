"""Fixed-window counters in the shared cache (Redis when REDIS_URL is set), so that every process
of the installation draws on the same budget."""

from django.core.cache import cache
from django.utils import timezone


def _key(scope: str, who: str, window_seconds: int) -> str:
    return f"motcua:throttle:{scope}:{who}:{int(timezone.now().timestamp() // window_seconds)}"


def spent(scope: str, who: str, *, limit: int, window_seconds: int) -> bool:
    """Whether `who` has already used up the window's budget, without counting this request."""
    return int(cache.get(_key(scope, who, window_seconds), 0)) >= limit


def count(scope: str, who: str, *, window_seconds: int) -> int:
    """Count one use for `who` in the current window and return the window's total."""
    key = _key(scope, who, window_seconds)
    cache.add(key, 0, timeout=window_seconds + 30)
    try:
        return int(cache.incr(key))
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=window_seconds + 30)
        return 1


def take(scope: str, who: str, *, limit: int, window_seconds: int) -> bool:
    """Count one use; False when it goes over the budget (the caller then refuses with 429)."""
    return count(scope, who, window_seconds=window_seconds) <= limit
