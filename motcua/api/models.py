"""What the API remembers between requests: the first answer to each idempotency key."""

from django.db import models


class IdempotentRequest(models.Model):
    """A mutating request sent with an `Idempotency-Key`. The row is inserted before the action runs,
    in its transaction, so a concurrent retry waits on the key and then reads the stored answer."""

    # The client's key, scoped by who sent it (a token's user, or anonymous).
    key = models.CharField(max_length=64)
    user_id = models.BigIntegerField(default=0)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(default=0)
    body = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user_id", "key"], name="api_idempotency_unique")]

    def __str__(self) -> str:
        return self.key
