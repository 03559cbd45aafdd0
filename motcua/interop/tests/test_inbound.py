"""Dossiers filed online on the national portal (Decree 118 Art.15, 40.7-8) pulled from the fake portal."""

import base64
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import time_machine
from pytest_django.fixtures import Settings

from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Channel, Status
from motcua.interop.fakes.national_portal import create
from motcua.interop.inbound import InboundRefused, inbound_pull, inbound_receive
from motcua.interop.models import InboundDossier
from motcua.interop.tests.conftest import at
from motcua.interop.tests.fakes_support import control, serving
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def filing(code: str = "G22.99.09-261119-0001", **changes: Any) -> dict[str, Any]:
    return {
        "MaHoSo": code,
        "MaTTHC": "1.001612",
        "MaDonViXuLy": "24688",
        "ChuHoSo": "Trần Văn Bình",
        "SoGiayToChuHoSo": "068190005678",
        "SoDienThoai": "0987654321",
        "Email": "binh@example.vn",
        "NgayNopHoSo": "20261119083000",
        "TaiLieuNop": [{"TenTepDinhKem": "don.pdf", "DuLieuTepDinhKem": base64.b64encode(PDF).decode()}],
        **changes,
    }


@pytest.fixture
def portal(settings: Settings) -> Iterator[str]:
    with serving(create()) as url:
        settings.NATIONAL_PORTAL_INBOUND = True
        settings.MOTCUA_ENDPOINTS = {
            "national_portal": {
                **settings.MOTCUA_ENDPOINTS["national_portal"],
                "base_url": url,
                "token_url": f"{url}/lgsp/token",
                "retries": 0,
            }
        }
        yield url


def test_a_dossier_filed_online_becomes_an_online_dossier_of_the_competent_unit(
    portal: str, krong_no: Unit, frozen: time_machine.Traveller
) -> None:
    httpx.post(f"{portal}/_file", json=filing()).raise_for_status()
    assert inbound_pull() == 1
    inbound = InboundDossier.objects.select_related("dossier").get()
    dossier = inbound.dossier
    assert inbound.national_code == "G22.99.09-261119-0001"
    assert (dossier.channel, dossier.status, dossier.competent_unit_id) == (
        Channel.ONLINE,
        Status.NEW,
        krong_no.pk,
    )
    assert dossier.applicant_national_id == "068190005678"
    # Art.17: the desk decides within 8 working hours of arrival (09:00 Thursday → 09:00 Friday).
    assert dossier.decision_due_at == at(2026, 11, 20, 9, 0)
    assert [a.name for a in dossier.attachments.all()] == ["don.pdf"]
    assert "DuLieuTepDinhKem" not in inbound.payload["TaiLieuNop"][0]
    state = httpx.get(f"{portal}/_state").json()
    assert state["inbound"]["G22.99.09-261119-0001"]["acknowledged"] == {
        "MaHoSoDiaPhuong": dossier.code,
        "NgayTiepNhan": "20261119090000",
    }
    assert inbound_pull() == 0  # acknowledged: not listed again


def test_a_dossier_received_twice_is_one_dossier(
    portal: str, krong_no: Unit, frozen: time_machine.Traveller
) -> None:
    httpx.post(f"{portal}/_file", json=filing()).raise_for_status()
    control(portal, action="lose", count=1)  # the first acknowledgement is answered but not kept
    assert inbound_pull() == 1
    assert inbound_pull() == 1  # listed again: received again, acknowledged this time
    assert Dossier.objects.count() == 1
    assert InboundDossier.objects.count() == 1


def test_a_dossier_for_an_unknown_unit_is_refused_and_nothing_is_created(krong_no: Unit) -> None:
    with pytest.raises(InboundRefused, match="no unit '99999'"):
        inbound_receive(payload=filing(MaDonViXuLy="99999"))
    with pytest.raises(InboundRefused, match="SoGiayToChuHoSo: '123' does not match"):
        inbound_receive(payload=filing(SoGiayToChuHoSo="123"))
    assert not Dossier.objects.exists()
    assert not InboundDossier.objects.exists()
