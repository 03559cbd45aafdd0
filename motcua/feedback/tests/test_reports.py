"""The monthly report per official (Decree 118 Art.9.3, 12.10, 34.2): ratings of the dossiers each
handled or received and the feedback each answered; leaders only, their units only."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.models import Dossier, Rating
from motcua.dossiers.states import Channel
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.feedback.actions import Submission, feedback_answer, feedback_rate, feedback_submit
from motcua.feedback.models import Feedback
from motcua.feedback.reports import OfficialRow, official_month_report, report_unit_ids
from motcua.testing.personas import People, Persona
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def u(persona: Persona) -> User:
    assert persona.user is not None
    return persona.user


def rated(people: People, score: int | None, at: datetime) -> Dossier:
    dossier = dossier_actions.dossier_submit(
        actor=u(people.desk),
        procedure_code="1.001612",
        competent_unit_code="24688",
        applicant=APPLICANT,
        channel=Channel.IN_PERSON,
        receiving_unit_code="24688",
        now=at,
    )
    Dossier.objects.filter(pk=dossier.pk).update(handler=u(people.handler))
    Rating.objects.create(dossier=dossier, score=score, dislike=score is None, at=at)
    return dossier


def test_art_34_2_the_month_per_official(people: People) -> None:
    rated(people, 5, datetime(2026, 12, 2, 9, tzinfo=VN))
    rated(people, 4, datetime(2026, 12, 3, 9, tzinfo=VN))
    rated(people, None, datetime(2026, 12, 4, 9, tzinfo=VN))
    rated(people, 1, datetime(2026, 11, 30, 9, tzinfo=VN))  # another month
    item = feedback_submit(
        actor=None,
        channel=Feedback.Channel.PORTAL,
        submission=Submission(
            subject="unit", title="t", text="x", name="A", phone="0912345678", unit_code="24688"
        ),
        at=datetime(2026, 12, 1, 10, tzinfo=VN),
    )
    feedback_answer(
        actor=u(people.leader), feedback=item, answer="ok", at=datetime(2026, 12, 2, 10, tzinfo=VN)
    )
    feedback_rate(feedback=item, satisfied=False, at=datetime(2026, 12, 3, 10, tzinfo=VN))
    krong_no = Unit.objects.get(code="24688")
    rows = official_month_report([krong_no.pk], date(2026, 12, 1))
    assert rows == [
        OfficialRow(u(people.leader).pk, "Hoàng Văn Đạo", answered=1, answered_on_time=1, dissatisfied=1),
        OfficialRow(
            u(people.handler).pk,
            "Lê Thị Xử",
            handled_rated=3,
            handled_average=Decimal("4.50"),
            handled_dislikes=1,
        ),
        OfficialRow(
            u(people.desk).pk,
            "Trần Văn Tiếp",
            received_rated=3,
            received_average=Decimal("4.50"),
            received_dislikes=1,
        ),
    ]
    assert official_month_report([Unit.objects.get(code="24640").pk], date(2026, 12, 1)) == []


def test_only_leaders_see_the_report_of_their_units(people: People) -> None:
    krong_no = Unit.objects.get(code="24688")
    assert report_unit_ids(u(people.leader)) == [krong_no.pk]
    assert report_unit_ids(u(people.handler)) == []
    assert report_unit_ids(u(people.desk)) == []
    assert len(report_unit_ids(u(people.monitor))) == Unit.objects.filter(province__code=68).count()
    client = Client()
    client.force_login(u(people.handler))
    assert client.get("/desk/feedback/officials/").status_code == 404
    client.force_login(u(people.leader))
    rated(people, 5, datetime(2026, 12, 2, 9, tzinfo=VN))
    page = client.get("/desk/feedback/officials/?month=2026-12")
    assert page.status_code == 200
    assert "Lê Thị Xử" in page.content.decode()


def test_the_demo_command_moves_the_units_figures(people: People) -> None:
    from django.core.management import call_command

    from motcua.feedback.selectors import feedback_figures

    call_command("seed_feedback_demo", stdout=io.StringIO())
    call_command("seed_feedback_demo", stdout=io.StringIO())
    krong_no = Unit.objects.get(code="24688")
    today = datetime.now(VN).date()
    figures = feedback_figures([krong_no.pk], date(today.year - 1, 1, 1), today)[krong_no.pk]
    assert (figures.received, figures.answered, figures.satisfied, figures.dissatisfied) == (4, 2, 1, 1)
