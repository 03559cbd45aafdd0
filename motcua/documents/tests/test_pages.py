"""The web pages and API endpoints of documents: forms as PDF for exactly those who see the
dossier, signing from the desk, reuse of digitised papers."""

import pytest

from motcua.documents.authority import Authority
from motcua.documents.models import Reuse, SignedDocument
from motcua.documents.tests.conftest import accepted, certificate_for
from motcua.dossiers import actions
from motcua.dossiers.states import Channel
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db


def test_a_form_is_served_to_those_who_see_the_dossier_and_404_to_others(
    people: People, authority: Authority
) -> None:
    dossier = accepted(people)
    url = f"/documents/dossiers/{dossier.code}/forms/receipt.pdf"
    for persona in (people.desk, people.leader, people.monitor, people.citizen):
        persona.client.force_login(persona.user)  # type: ignore[arg-type]
        response = persona.client.get(url)
        assert (persona.name, response.status_code, response["Content-Type"]) == (
            persona.name,
            200,
            "application/pdf",
        )
        assert response.content.startswith(b"%PDF-")
    for persona in (people.cujut_desk, people.outsider, people.other_citizen):
        persona.client.force_login(persona.user)  # type: ignore[arg-type]
        assert persona.client.get(url).status_code == 404
    assert people.public.client.get(url).status_code == 404


def test_the_api_serves_forms_and_the_register_to_officials_only(
    people: People, authority: Authority
) -> None:
    dossier = accepted(people)
    assert people.desk.get(f"/dossiers/{dossier.code}/forms/receipt.pdf").status_code == 200
    assert people.cujut_desk.get(f"/dossiers/{dossier.code}/forms/receipt.pdf").status_code == 404
    assert people.desk.get(f"/dossiers/{dossier.code}/forms/refusal.pdf").status_code == 404
    register = people.desk.get("/units/24688/register.pdf", **{"from": "2026-11-01", "to": "2026-11-30"})
    assert (register.status_code, register["Content-Type"]) == (200, "application/pdf")
    assert (
        people.cujut_desk.get(
            "/units/24688/register.pdf", **{"from": "2026-11-01", "to": "2026-11-30"}
        ).status_code
        == 404
    )
    backwards = people.desk.get("/units/24688/register.pdf", **{"from": "2026-11-30", "to": "2026-11-01"})
    assert (backwards.status_code, backwards.json()["error"]["field"]) == (422, "to")


def test_signing_through_the_api_and_the_desk_button(
    people: People, admin: object, authority: Authority
) -> None:
    assert people.desk.user
    certificate_for(admin, people.desk.user, "24688", "Công chức tiếp nhận")  # type: ignore[arg-type]
    dossier = accepted(people)
    refused = people.cujut_desk.post(f"/dossiers/{dossier.code}/sign/scans")
    assert refused.status_code == 404
    answer = people.desk.post(f"/dossiers/{dossier.code}/sign/scans")
    assert answer.status_code == 201
    body = answer.json()
    assert [(d["kind"], d["signer"], d["signer_title"]) for d in body] == [
        ("reception_scan", "Trần Văn Tiếp", "Công chức tiếp nhận")
    ]
    again = people.desk.post(f"/dossiers/{dossier.code}/sign/scans")
    assert (again.status_code, again.json()["error"]["code"]) == (409, "conflict")
    verdict = people.public.get(f"/verify/{body[0]['code']}")
    # Signed with the built-in demo CA: the answer says so.
    assert verdict.json()["outcome"] == "demo"


def test_the_fragment_offers_the_forms_and_the_buttons_the_user_may_use(
    people: People, admin: object, authority: Authority
) -> None:
    from django.template.loader import render_to_string

    assert people.desk.user and people.handler.user
    certificate_for(admin, people.desk.user, "24688", "Công chức tiếp nhận")  # type: ignore[arg-type]
    dossier = accepted(people)
    desk = render_to_string(
        "web/desk/_dossier_documents.html", {"dossier": dossier, "user": people.desk.user}
    )
    handler = render_to_string(
        "web/desk/_dossier_documents.html", {"dossier": dossier, "user": people.handler.user}
    )
    assert f"/documents/dossiers/{dossier.code}/forms/receipt.pdf" in desk
    assert f"/documents/dossiers/{dossier.code}/sign/scans/" in desk
    assert f"/documents/dossiers/{dossier.code}/sign/scans/" not in handler

    people.desk.client.force_login(people.desk.user)
    response = people.desk.client.post(f"/documents/dossiers/{dossier.code}/sign/scans/")
    assert response.status_code == 302
    assert SignedDocument.objects.filter(dossier=dossier).count() == 1


def test_a_citizens_signed_paper_is_reused_in_a_new_dossier_without_upload(
    people: People, admin: object, authority: Authority
) -> None:
    assert people.desk.user and people.citizen.user and people.other_citizen.user
    certificate_for(admin, people.desk.user, "24688", "Công chức tiếp nhận")  # type: ignore[arg-type]
    from motcua.documents import actions as documents
    from motcua.documents.selectors import reusable_components

    first = accepted(people)
    signed = documents.scans_sign(actor=people.desk.user, dossier=first)[0]
    later = actions.dossier_submit(
        actor=people.citizen.user,
        procedure_code="1.001612",
        competent_unit_code="24688",
        applicant=APPLICANT,
        channel=Channel.ONLINE,
    )
    offered = reusable_components(actor=people.citizen.user, dossier=later, now=signed.signed_at)
    assert [d.document for d in offered] == [signed]
    assert reusable_components(actor=people.other_citizen.user, dossier=later, now=signed.signed_at) == []

    from motcua.core.errors import NotFound

    with pytest.raises(NotFound):
        documents.digitised_reuse(actor=people.other_citizen.user, dossier=later, ids=[offered[0].pk])
    attached = documents.digitised_reuse(actor=people.citizen.user, dossier=later, ids=[offered[0].pk])

    assert [(a.sha256, a.file.name, a.kind) for a in attached] == [
        (signed.sha256, signed.file.name, "component")
    ]
    assert Reuse.objects.get().dossier == later
    assert later.events.order_by("-seq").first().kind == "components_reused"  # type: ignore[union-attr]
