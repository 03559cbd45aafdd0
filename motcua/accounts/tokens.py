"""API tokens: issue (shown once) and resolve. Only the SHA-256 of a token is stored."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import ApiToken, User, hash_token

TOKEN_PREFIX = "mc_"
# How stale a token's recorded last use may be.
LAST_USE_PRECISION = timedelta(minutes=1)


@transaction.atomic
def token_issue(*, actor: User | None, user: User, name: str = "cli") -> str:
    """Create a token for `user` and return it in clear; it cannot be shown again."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=raw[:10], digest=hash_token(raw))
    token.full_clean()
    token.save()
    return raw


def user_for_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    recent = now - LAST_USE_PRECISION
    # At most one write per token per minute, whatever the request rate: a use within the minute
    # is not even tried, and the conditional update keeps concurrent requests to one write.
    if token.last_used_at is None or token.last_used_at <= recent:
        ApiToken.objects.filter(pk=token.pk).exclude(last_used_at__gt=recent).update(last_used_at=now)
    return token.user
