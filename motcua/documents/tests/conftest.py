"""A province CA of the tests' own (in a temporary folder), certificates issued through the
actions, real PDFs for scans and results, and a dossier walked to each stage."""

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings

from motcua.accounts.models import Membership, User
from motcua.accounts.roles import Role
from motcua.catalog.models import Component
from motcua.documents import actions as documents
from motcua.documents.authority import Authority, authority_create
from motcua.documents.models import Certificate, CertificateKind
from motcua.dossiers import actions
from motcua.dossiers.attachments import IncomingFile
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Channel
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.testing.personas import People
from motcua.units.models import Unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PROCEDURE = "1.001612"
CA_NAME = "Tổ chức chứng thực chữ ký số tỉnh Lâm Đồng"


def at(day: int, hour: int, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def pdf_of(text: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=f"<p style='font-family: DejaVu Serif'>{text}</p>").write_pdf())


_PDFS: dict[str, bytes] = {}


def cached_pdf(text: str) -> bytes:
    if text not in _PDFS:
        _PDFS[text] = pdf_of(text)
    return _PDFS[text]


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """Signing happens at a fixed moment; pyHanko's validator reads the same frozen clock."""
    with time_machine.travel(at(2, 9), tick=False) as traveller:
        yield traveller


@pytest.fixture
def authority(tmp_path: Path, clock: time_machine.Traveller) -> Iterator[Authority]:
    with override_settings(MOTCUA_CA_DIR=str(tmp_path / "ca"), MEDIA_ROOT=str(tmp_path / "media")):
        yield authority_create(name=CA_NAME, now=at(1, 8))


@pytest.fixture
def admin(db: None) -> User:
    """The province's system administrator: approves certificate requests."""
    user = User.objects.create(username="quantri", kind=User.Kind.OFFICIAL, full_name="Phan Văn Trị")
    Membership.objects.create(user=user, unit=Unit.objects.get(code="68"), role=Role.SYSTEM_ADMINISTRATOR)
    return user


def certificate_for(
    admin: User, holder: User, unit_code: str, title: str, kind: str = CertificateKind.PERSONAL
) -> Certificate:
    request = documents.certificate_request(
        actor=holder, kind=kind, unit=Unit.objects.get(code=unit_code), title=title
    )
    return documents.certificate_issue(actor=admin, request=request)


def accepted(people: People, *, scans: tuple[str, ...] = ("Tờ khai đăng ký khai sinh",)) -> Dossier:
    """A dossier received at the Krông Nô desk with scanned PDFs and accepted (2 Nov 2026, 9:00)."""
    assert people.desk.user is not None
    component = Component.objects.filter(procedure__code=PROCEDURE).order_by("position").first()
    files = [
        IncomingFile(
            name=f"scan-{i}.pdf", content=cached_pdf(text), component_id=component.pk if component else None
        )
        for i, text in enumerate(scans, 1)
    ]
    dossier = actions.dossier_submit(
        actor=people.desk.user,
        procedure_code=PROCEDURE,
        competent_unit_code="24688",
        applicant=APPLICANT,
        channel=Channel.IN_PERSON,
        receiving_unit_code="24688",
        files=files,
    )
    return actions.dossier_accept(actor=people.desk.user, dossier=dossier)


def decided(people: People) -> Dossier:
    """Accepted, assigned, proposed and granted with a result PDF: waiting for the signature."""
    assert people.leader.user and people.handler.user
    dossier = accepted(people)
    actions.dossier_assign(actor=people.leader.user, dossier=dossier, handler=people.handler.user)
    actions.dossier_propose(actor=people.handler.user, dossier=dossier, proposal="granted")
    result = IncomingFile(
        name="trich-luc-khai-sinh.pdf", content=cached_pdf("Trích lục khai sinh — Nguyễn Thị Lan")
    )
    return actions.dossier_decide(actor=people.leader.user, dossier=dossier, result="granted", files=[result])
