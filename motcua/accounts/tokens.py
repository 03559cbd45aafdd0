"""API tokens: issue (shown once) and resolve. Only the SHA-256 of a token is stored."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import ApiToken, User, hash_token

TOKEN_PREFIX = "mc_"


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
    # Conditional update: at most one write per token per minute, whatever the request rate.
    ApiToken.objects.filter(pk=token.pk).exclude(last_used_at__gt=now - timedelta(minutes=1)).update(
        last_used_at=now
    )
    return token.user
