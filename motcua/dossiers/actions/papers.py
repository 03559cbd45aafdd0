"""The papers actually received (Decree 118 Art.16, 17.1.c): at the counter the officer ticks each
component handed in, as an original, a certified copy or a copy, with its quantity; uploaded scans
count as electronic copies. The receipt certifies exactly these papers, never the catalogue's list."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.accounts.access import can
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.dossiers.events import event_append
from motcua.dossiers.models import Attachment, Dossier, ReceivedPaper
from motcua.dossiers.states import Channel

# The event the chain records (EventKind.PAPERS_RECEIVED of the dossier policy).
PAPERS_RECEIVED = "papers_received"
# More than this many sheets of one paper is a typing error at the counter, not a dossier.
MAX_QUANTITY = 99


@dataclass(frozen=True)
class PaperIn:
    """One line of the counter's checklist: a catalogue component (or a paper it does not list,
    named), its form and how many were handed in."""

    form: str
    quantity: int = 1
    component_id: int | None = None
    name: str = ""


def _checked(dossier: Dossier, papers: list[PaperIn]) -> list[tuple[int | None, str, str, int]]:
    components = {c.pk: c.name for c in dossier.procedure.components.all()}
    seen: set[tuple[int | None, str, str]] = set()
    rows = []
    for paper in papers:
        if paper.form not in ReceivedPaper.Form.values:
            raise InvalidInput(
                _("Choose the form of each paper: original, certified copy or copy."), field="papers"
            )
        if not 1 <= paper.quantity <= MAX_QUANTITY:
            raise InvalidInput(
                _("The quantity of a paper must be a whole number from 1 to %(max)s.")
                % {"max": MAX_QUANTITY},
                field="papers",
            )
        if paper.component_id is not None:
            if paper.component_id not in components:
                raise InvalidInput(_("A paper ticked is not a component of this procedure."), field="papers")
            name = components[paper.component_id]
        else:
            name = paper.name.strip()[:300]
            if not name:
                raise InvalidInput(_("Name each paper the catalogue does not list."), field="papers")
        key = (paper.component_id, name, paper.form)
        if key in seen:
            raise InvalidInput(
                _("“%(name)s” is listed twice in the same form: give its quantity instead.") % {"name": name},
                field="papers",
            )
        seen.add(key)
        rows.append((paper.component_id, name, paper.form, paper.quantity))
    return rows


def _uploads(
    dossier: Dossier, already: set[tuple[int | None, str]]
) -> list[tuple[int | None, str, str, int]]:
    """Every uploaded component scan is an electronic copy received, once per component."""
    rows: list[tuple[int | None, str, str, int]] = []
    counted: dict[tuple[int | None, str], int] = {}
    names: dict[tuple[int | None, str], str] = {}
    for attachment in dossier.attachments.filter(kind=Attachment.Kind.COMPONENT).select_related("component"):
        key = (attachment.component_id, "" if attachment.component_id else attachment.name)
        counted[key] = counted.get(key, 0) + 1
        names[key] = attachment.component.name if attachment.component else attachment.name
    for key, count in counted.items():
        if key[0] is not None and (key[0], ReceivedPaper.Form.ELECTRONIC) in already:
            continue
        rows.append((key[0], names[key][:300], ReceivedPaper.Form.ELECTRONIC, min(count, MAX_QUANTITY)))
    return rows


@transaction.atomic
def record_received_papers(
    *,
    dossier: Dossier,
    papers: list[PaperIn],
    by: User | None,
    at: datetime,
    result_delivery: int | None = None,
) -> list[ReceivedPaper]:
    """Record what was handed in, once per dossier, with how the applicant wants the result.
    `by` is the receiving desk's officer; None for an online submission (its uploads are recorded
    as electronic copies). A second call is refused: the receipt already certified the first."""
    if by is None:
        if dossier.channel != Channel.ONLINE:
            raise NotFound(
                _("This action on dossier %(code)s is not available to you.") % {"code": dossier.code}
            )
    elif not can(by, Permission.RECEIVE_DOSSIER, dossier.receiving_unit):
        raise NotFound(_("This action on dossier %(code)s is not available to you.") % {"code": dossier.code})
    if result_delivery is not None and result_delivery not in Channel.values:
        raise InvalidInput(_("Choose how the applicant receives the result."), field="result_delivery")
    Dossier.objects.select_for_update().filter(pk=dossier.pk).first()  # two clicks record once
    if ReceivedPaper.objects.filter(dossier=dossier).exists():
        raise Conflict(_("The papers of this dossier were already recorded."), code="papers_recorded")
    rows = _checked(dossier, papers)
    rows += _uploads(dossier, {(component, form) for component, _name, form, _q in rows})
    if not rows:
        raise InvalidInput(_("Tick at least one paper the applicant handed in."), field="papers")
    created = ReceivedPaper.objects.bulk_create(
        [
            ReceivedPaper(
                dossier=dossier,
                component_id=component,
                name=name,
                form=form,
                quantity=quantity,
                received_at=at,
            )
            for component, name, form, quantity in rows
        ]
    )
    if result_delivery is not None and dossier.result_delivery != result_delivery:
        Dossier.objects.filter(pk=dossier.pk).update(result_delivery=result_delivery)
        dossier.result_delivery = result_delivery
    event_append(
        dossier=dossier,
        kind=PAPERS_RECEIVED,
        actor=by,
        at=at,
        data={
            "papers": [
                {"component": component, "name": name, "form": form, "quantity": quantity}
                for component, name, form, quantity in rows
            ],
            "result_delivery": result_delivery,
        },
    )
    return created
