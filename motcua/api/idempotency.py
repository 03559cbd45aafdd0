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
    if request.content_type == "multipart/form-data":
        # Not `request.body`: that would hold the whole upload in memory (review M1 e). The parsed
        # fields and the files, read in chunks from their temporary files, say the same.
        for name, values in sorted(request.POST.lists()):
            digest.update(json.dumps([name, values]).encode())
        for name, uploads in sorted(request.FILES.lists()):
            for upload in uploads:
                digest.update(json.dumps([name, upload.name, upload.size]).encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()


def _scope(request: HttpRequest, key: str) -> tuple[str, int]:
    """The stored key and the user it belongs to. Anonymous callers do not share one scope (review
    L8): their key is bound to the client's address, so nobody can read or squat another's key."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return key, int(user.pk)
    address = str(request.META.get("REMOTE_ADDR") or "")
    return hashlib.sha256(f"{address}\0{key}".encode()).hexdigest(), 0


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
    key, user_id = _scope(request, key)
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
