"""`{% dossier_papers dossier user as papers %}`: what the dossier page shows of its papers."""

from dataclasses import dataclass
from typing import Any

from django import template
from django.utils import timezone

from motcua.documents.forms import FormKind, form_kinds_available
from motcua.documents.models import DigitisedComponent, SignedDocument
from motcua.documents.selectors import SigningChoices, reusable_components, signed_documents, signing_choices
from motcua.dossiers.models import Dossier

register = template.Library()


@dataclass(frozen=True)
class Papers:
    forms: list[FormKind]
    signed: list[SignedDocument]
    signing: SigningChoices
    reusable: list[DigitisedComponent]


@register.simple_tag
def dossier_papers(dossier: Dossier, user: Any) -> Papers:
    now = timezone.now()
    return Papers(
        forms=form_kinds_available(dossier),
        signed=signed_documents(dossier),
        signing=signing_choices(actor=user, dossier=dossier, now=now),
        reusable=reusable_components(actor=user, dossier=dossier, now=now),
    )
