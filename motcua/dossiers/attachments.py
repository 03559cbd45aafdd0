"""Files of a dossier: recognised by their first bytes, never by their name, and stored through
Django's storage with their SHA-256."""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.catalog.models import Component
from motcua.core.errors import InvalidInput
from motcua.dossiers.models import Attachment, Dossier

# (leading bytes, content type, extension). PDF may follow a few bytes of junk by the standard's
# tolerance, but a file we accept must start with the header so that every reader opens it.
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


@dataclass(frozen=True)
class IncomingFile:
    """A file as received, before it is checked: its name as given and its bytes."""

    name: str
    content: bytes
    component_id: int | None = None

    @classmethod
    def read(cls, upload: IO[bytes], name: str, component_id: int | None = None) -> "IncomingFile":
        # One byte past the limit is enough for `file_check` to refuse it: never read more.
        content = upload.read(settings.MOTCUA_ATTACHMENT_MAX_BYTES + 1)
        return cls(name=name, content=content, component_id=component_id)


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    content_type: str
    extension: str
    sha256: str
    component_id: int | None


def sniff(content: bytes) -> tuple[str, str] | None:
    for magic, content_type, extension in _SIGNATURES:
        if content.startswith(magic):
            return content_type, extension
    return None


def file_check(incoming: IncomingFile, *, field: str) -> CheckedFile:
    limit = settings.MOTCUA_ATTACHMENT_MAX_BYTES
    if not incoming.content:
        raise InvalidInput(_("The file “%(name)s” is empty.") % {"name": incoming.name}, field=field)
    if len(incoming.content) > limit:
        raise InvalidInput(
            _("The file “%(name)s” is larger than %(limit)s MB.")
            % {"name": incoming.name, "limit": limit // (1024 * 1024)},
            field=field,
        )
    kind = sniff(incoming.content)
    if kind is None:
        raise InvalidInput(
            _("The file “%(name)s” is not a PDF, JPEG or PNG file.") % {"name": incoming.name}, field=field
        )
    return CheckedFile(
        name=incoming.name[:200] or "file",
        content=incoming.content,
        content_type=kind[0],
        extension=kind[1],
        sha256=hashlib.sha256(incoming.content).hexdigest(),
        component_id=incoming.component_id,
    )


def files_check(
    files: list[IncomingFile], *, field: str, procedure_id: int | None = None
) -> list[CheckedFile]:
    """Check every file before anything is stored, so one bad file stores nothing."""
    checked = [file_check(f, field=f"{field}[{i}]") for i, f in enumerate(files)]
    if procedure_id is not None:
        wanted = {f.component_id for f in checked if f.component_id is not None}
        known = set(
            Component.objects.filter(procedure_id=procedure_id, pk__in=wanted).values_list("pk", flat=True)
        )
        for i, f in enumerate(checked):
            if f.component_id is not None and f.component_id not in known:
                raise InvalidInput(
                    _("The procedure has no component %(id)s.") % {"id": f.component_id},
                    field=f"{field}[{i}].component",
                )
    return checked


def attachments_store(
    *, dossier: Dossier, files: list[CheckedFile], kind: str, actor: User | None, at: datetime
) -> list[Attachment]:
    """Store checked files; call inside the transaction of the action they belong to."""
    stored = []
    for f in files:
        attachment = Attachment(
            dossier=dossier,
            kind=kind,
            component_id=f.component_id,
            name=f.name,
            content_type=f.content_type,
            size=len(f.content),
            sha256=f.sha256,
            uploaded_by=actor,
            uploaded_at=at,
        )
        # The stored name is the content hash: a user-given name never becomes a path.
        attachment.file.save(f"{f.sha256}.{f.extension}", ContentFile(f.content), save=False)
        attachment.save()
        stored.append(attachment)
    return stored
