"""`Idempotency-Key` for mutating calls: a retry gets the first answer and changes nothing."""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.api.models import IdempotentRequest
from motcua.core.errors import InvalidInput

Answer = tuple[int, Any]


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode() if request.method else b"")
    digest.update(request.path.encode())
    digest.update(request.body)
    return digest.hexdigest()


def _stored(key: str, user_id: int, fingerprint: str) -> Answer | None:
    record = IdempotentRequest.objects.filter(user_id=user_id, key=key).first()
    if record is None:
        return None
    if record.fingerprint != fingerprint:
        raise InvalidInput(
            _("This Idempotency-Key was already used for a different request."), field="Idempotency-Key"
        )
    return record.status, record.body


def idempotent(request: HttpRequest, run: Callable[[], Answer]) -> Answer:
    """Run `run` once per key. Without a key it simply runs. Failed runs store nothing, so a
    retry of a rejected request is judged afresh."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return run()
    if len(key) > 64:
        raise InvalidInput(_("The Idempotency-Key must be at most 64 characters."), field="Idempotency-Key")
    user = getattr(request, "user", None)
    user_id = int(user.pk) if user is not None and user.is_authenticated else 0
    fingerprint = _fingerprint(request)
    stored = _stored(key, user_id, fingerprint)
    if stored is not None:
        return stored
    try:
        with transaction.atomic():
            record = IdempotentRequest.objects.create(key=key, user_id=user_id, fingerprint=fingerprint)
            status, body = run()
            record.status = status
            record.body = json.loads(json.dumps(body, default=str))
            record.save(update_fields=["status", "body"])
            return status, body
    except IntegrityError:
        # A concurrent request with the same key committed first: answer as it did.
        stored = _stored(key, user_id, fingerprint)
        if stored is None:
            raise
        return stored
