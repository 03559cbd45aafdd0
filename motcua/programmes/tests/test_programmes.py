"""Action programmes: tasks need all five clears, evaluations with comments, targets with their
progress and risk, the province's side-by-side view, overdue warnings once; scoped by unit."""

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from motcua.accounts.models import User
from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.programmes import actions, selectors
from motcua.programmes.models import Programme, ProgrammeEvent, Task
from motcua.testing.personas import People, Persona
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 7, 1)


def u(persona: Persona) -> User:
    assert persona.user is not None
    return persona.user


def clears(**overrides: Any) -> actions.FiveClears:
    values: dict[str, Any] = {
        "work": "Làm sạch dữ liệu đất đai",
        "person": "Công chức địa chính",
        "lead": "Phòng Kinh tế",
        "deadline": date(2025, 11, 5),
        "expected_result": "Dữ liệu đúng, đủ, sạch, sống",
        "coordinating": "Trung tâm PVHCC",
    }
    values.update(overrides)
    return actions.FiveClears(**values)


def programme(people: People, unit: str = "24688") -> Programme:
    leader = people.leader if unit == "24688" else people.cujut_leader
    return actions.programme_create(
        actor=u(leader),
        unit=Unit.objects.get(code=unit),
        number="05-CTr/ĐU",
        title="Chương trình hành động",
        issued_on=date(2025, 8, 7),
        start=date(2025, 8, 7),
        end=date(2030, 12, 31),
    )


def test_a_task_needs_all_five_clears_within_the_programme(people: People) -> None:
    p = programme(people)
    with translation.override("en"):
        with pytest.raises(InvalidInput) as missing:
            actions.task_add(actor=u(people.leader), programme=p, clears=clears(person=" "))
        assert (str(missing.value.message), missing.value.field) == (
            "A task needs its person, work, lead unit, deadline and expected result.",
            "person",
        )
    with pytest.raises(InvalidInput):
        actions.task_add(actor=u(people.leader), programme=p, clears=clears(deadline=date(2031, 1, 1)))
    task = actions.task_add(actor=u(people.leader), programme=p, clears=clears())
    assert (task.status, task.lead, task.coordinating) == ("open", "Phòng Kinh tế", "Trung tâm PVHCC")
    assert list(p.events.values_list("kind", flat=True)) == ["created", "task_added"]


def test_only_the_units_leaders_write_its_programme(people: People) -> None:
    p = programme(people)
    for persona in (people.handler, people.cujut_leader, people.monitor):
        with pytest.raises(NotFound):
            actions.task_add(actor=u(persona), programme=p, clears=clears())
    assert p.tasks.count() == 0


def test_a_late_verdict_needs_a_comment_and_overdue_tasks_are_listed(people: People) -> None:
    p = programme(people)
    task = actions.task_add(actor=u(people.leader), programme=p, clears=clears())
    later = actions.task_add(actor=u(people.leader), programme=p, clears=clears(deadline=date(2026, 9, 30)))
    with pytest.raises(InvalidInput):
        actions.task_evaluate(actor=u(people.leader), task=task, status="late")
    actions.task_evaluate(actor=u(people.leader), task=task, status="late", comment="Thiếu người.")
    assert [(t.pk, late) for t, late in selectors.programme_tasks(p, today=TODAY)] == [
        (task.pk, True),
        (later.pk, False),
    ]
    actions.task_evaluate(actor=u(people.leader), task=task, status="done", year_end=True)
    assert list(selectors.overdue_tasks(u(people.leader), today=TODAY)) == []
    assert list(task.evaluations.values_list("status", "year_end")) == [("late", False), ("done", True)]


def test_target_progress_and_risk(people: People) -> None:
    """Budget revenue from 100 to 120 by 31/12/2026, programme from 7/8/2025: on 1/7/2026 the time
    elapsed is 328 of 511 days (64 %); 112 is 60 % of the way: within 15 points, not at risk;
    103 is 15 %: at risk. Poor households 312 → 0 by 2030 with no figure yet: 6 % of the time,
    not at risk."""
    p = programme(people)
    revenue = actions.target_add(
        actor=u(people.leader),
        programme=p,
        indicator="Thu ngân sách",
        measure="%",
        baseline=Decimal(100),
        target=Decimal(120),
        due=date(2026, 12, 31),
    )
    actions.target_add(
        actor=u(people.leader),
        programme=p,
        indicator="Hộ nghèo",
        measure="hộ",
        baseline=Decimal(312),
        target=Decimal(0),
        due=date(2030, 12, 31),
    )
    actions.progress_report(
        actor=u(people.leader), target=revenue, period_end=date(2026, 6, 30), value=Decimal(112)
    )
    views = selectors.programme_targets(p, today=TODAY)
    assert [(v.percent, v.at_risk) for v in views] == [(60, False), (None, False)]
    assert views[0].expected.quantize(Decimal("0.01")) == Decimal("0.64")
    p2 = programme(people, unit="24640")
    slow = actions.target_add(
        actor=u(people.cujut_leader),
        programme=p2,
        indicator="Thu ngân sách",
        measure="%",
        baseline=Decimal(100),
        target=Decimal(120),
        due=date(2026, 12, 31),
    )
    actions.progress_report(
        actor=u(people.cujut_leader), target=slow, period_end=date(2026, 6, 30), value=Decimal(103)
    )
    assert [(v.percent, v.at_risk) for v in selectors.programme_targets(p2, today=TODAY)] == [(15, True)]


def test_the_province_sees_communes_side_by_side(
    people: People, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    p = programme(people)
    actions.task_add(actor=u(people.leader), programme=p, clears=clears())
    done = actions.task_add(actor=u(people.leader), programme=p, clears=clears(deadline=date(2026, 1, 5)))
    actions.task_evaluate(actor=u(people.leader), task=done, status="done")
    p2 = programme(people, unit="24640")
    actions.task_add(actor=u(people.cujut_leader), programme=p2, clears=clears(deadline=date(2026, 12, 1)))
    target = actions.target_add(
        actor=u(people.cujut_leader),
        programme=p2,
        indicator="Đảng viên",
        measure="%",
        baseline=Decimal(0),
        target=Decimal(3),
        due=date(2026, 12, 31),
    )
    actions.progress_report(
        actor=u(people.cujut_leader), target=target, period_end=date(2026, 6, 30), value=Decimal("0.5")
    )
    monitor = u(people.monitor)
    selectors.visible_programmes(monitor).count()  # the grants are read once per user
    with django_assert_num_queries(4):
        rows = selectors.province_overview(monitor, today=TODAY)
    assert [(r.unit_code, r.programmes, r.tasks, r.done, r.overdue, r.targets, r.at_risk) for r in rows] == [
        ("24688", 1, 2, 1, 1, 0, 0),
        ("24640", 1, 1, 0, 0, 1, 1),
    ]
    assert [r.unit_code for r in selectors.province_overview(u(people.cujut_leader), today=TODAY)] == [
        "24640"
    ]


def test_overdue_warnings_reach_the_leader_once(
    people: People, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    leader = u(people.leader)
    leader.email = "lanhdao@krongno.example.vn"
    leader.save(update_fields=["email"])
    handler = u(people.handler)
    handler.email = "xuly@krongno.example.vn"
    handler.save(update_fields=["email"])
    p = programme(people)
    task = actions.task_add(actor=leader, programme=p, clears=clears(person_user=handler))
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.overdue_warn(today=TODAY) == 1
        assert actions.overdue_warn(today=TODAY) == 0
    assert [sorted(m.to) for m in mail.outbox] == [["lanhdao@krongno.example.vn", "xuly@krongno.example.vn"]]
    assert ProgrammeEvent.objects.filter(kind="warned").count() == 1
    task.refresh_from_db()
    assert task.warned_on == TODAY
    assert actions.overdue_warn(today=date(2026, 7, 8)) == 1  # a week later, still overdue


@time_machine.travel(datetime(2026, 7, 1, 9, tzinfo=VN), tick=False)
def test_the_pages_scoped_and_the_leader_records_an_evaluation(people: People) -> None:
    p = programme(people)
    task = actions.task_add(actor=u(people.leader), programme=p, clears=clears())
    leader = Client(headers={"Accept-Language": "en"})
    leader.force_login(u(people.leader))
    html = leader.get(f"/desk/programmes/{p.pk}/").content.decode()
    assert "data-overdue" in html and "Evaluate" in html
    response = leader.post(f"/desk/programmes/tasks/{task.pk}/evaluate/", {"status": "done", "comment": ""})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == Task.Status.DONE
    other = Client()
    other.force_login(u(people.cujut_leader))
    assert other.get(f"/desk/programmes/{p.pk}/").status_code == 404
    assert other.post(f"/desk/programmes/tasks/{task.pk}/evaluate/", {"status": "late"}).status_code == 404
    handler = Client(headers={"Accept-Language": "en"})
    handler.force_login(u(people.handler))
    assert "Evaluate" not in handler.get(f"/desk/programmes/{p.pk}/").content.decode()
    monitor = Client()
    monitor.force_login(u(people.monitor))
    listing = monitor.get("/desk/programmes/").content.decode()
    assert re.findall(r'data-programme="(\d+)"', listing) == [str(p.pk)]


@time_machine.travel(datetime(2026, 12, 4, 10, tzinfo=VN), tick=False)
def test_the_demo_programmes(people: People) -> None:
    from django.core.management import call_command

    from motcua.web.demo import demo_seed

    demo_seed(actor=None, province_code=68)
    call_command("seed_programmes_demo")
    call_command("seed_programmes_demo")
    rows = selectors.province_overview(User.objects.get(username="tinh.giamsat"), today=date(2026, 12, 4))
    assert sorted((r.unit_code, r.tasks, r.done, r.overdue, r.targets, r.at_risk) for r in rows) == [
        # No dossier in this database: the online share has no figure and is at risk too.
        ("24640", 5, 1, 3, 5, 3),
        ("24670", 5, 0, 3, 5, 4),  # the recruitment target missed: 85 % on its date
        ("24688", 5, 2, 2, 5, 3),
    ]


def test_the_leader_writes_a_programme_its_tasks_and_targets_through_the_pages(people: People) -> None:
    leader = Client(headers={"Accept-Language": "en"})
    leader.force_login(u(people.leader))
    response = leader.post(
        "/desk/programmes/new/",
        {
            "unit": "24688",
            "number": "07-CTr/ĐU",
            "title": "Chuyển đổi số",
            "issued_on": "01/09/2025",
            "start": "01/09/2025",
            "end": "31/12/2027",
        },
    )
    p = Programme.objects.get(number="07-CTr/ĐU")
    assert response.status_code == 302 and response["Location"] == f"/desk/programmes/{p.pk}/"
    missing = leader.post(
        f"/desk/programmes/{p.pk}/tasks/", {"kind": "key", "work": "Số hóa", "deadline": "01/01/2026"}
    )
    assert missing.status_code == 422 and p.tasks.count() == 0
    added = leader.post(
        f"/desk/programmes/{p.pk}/tasks/",
        {
            "kind": "breakthrough",
            "work": "Số hóa sổ hộ tịch",
            "person": "Công chức tư pháp",
            "lead": "Văn phòng",
            "coordinating": "",
            "deadline": "30/06/2026",
            "expected_result": "100% sổ được số hóa",
        },
    )
    assert added.status_code == 302
    assert list(p.tasks.values_list("kind", "deadline")) == [("breakthrough", date(2026, 6, 30))]
    leader.post(
        f"/desk/programmes/{p.pk}/targets/",
        {
            "indicator": "Hồ sơ trực tuyến",
            "measure": "%",
            "baseline": "40",
            "target": "80",
            "due": "31/12/2027",
            "source": "reported",
        },
    )
    assert list(p.targets.values_list("indicator", "baseline", "target")) == [
        ("Hồ sơ trực tuyến", Decimal("40.00"), Decimal("80.00"))
    ]
    handler = Client()
    handler.force_login(u(people.handler))
    assert handler.get("/desk/programmes/new/").status_code == 404
    valid = {
        "indicator": "x",
        "measure": "%",
        "baseline": "1",
        "target": "2",
        "due": "31/12/2026",
        "source": "reported",
    }
    assert handler.post(f"/desk/programmes/{p.pk}/targets/", valid).status_code == 404
    other = Client()
    other.force_login(u(people.cujut_leader))
    assert other.post(f"/desk/programmes/{p.pk}/targets/", valid).status_code == 404
    assert p.targets.count() == 1


def test_the_programme_page_and_list_in_a_fixed_number_of_queries(
    people: People, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    p = programme(people)
    actions.task_add(actor=u(people.leader), programme=p, clears=clears())
    actions.target_add(
        actor=u(people.leader),
        programme=p,
        indicator="Chỉ tiêu",
        measure="%",
        baseline=Decimal(0),
        target=Decimal(10),
        due=date(2026, 12, 31),
    )
    client = Client()
    client.force_login(u(people.leader))
    client.get(f"/desk/programmes/{p.pk}/")
    with django_assert_max_num_queries(23) as few:
        client.get(f"/desk/programmes/{p.pk}/")
        client.get("/desk/programmes/")
    for n in range(5):
        actions.task_add(actor=u(people.leader), programme=p, clears=clears(work=f"Việc {n}"))
        actions.target_add(
            actor=u(people.leader),
            programme=p,
            indicator=f"Chỉ tiêu {n}",
            measure="%",
            baseline=Decimal(0),
            target=Decimal(10),
            due=date(2026, 12, 31),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/desk/programmes/{p.pk}/")
        client.get("/desk/programmes/")


def test_a_target_fed_from_motcuas_own_figures(people: People) -> None:
    """Online share of Krông Nô since 1 January: 3 online of 4 received = 75 %; from a baseline of
    40 % to a target of 80 % that is 87.5 % of the way (shown 88 %). Nothing to report by hand."""
    from motcua.catalog.models import Field
    from motcua.monitor.models import MonthlyCounter

    MonthlyCounter.objects.create(
        unit=Unit.objects.get(code="24688"),
        field=Field.objects.order_by("pk")[0],
        month=date(2026, 3, 1),
        received_online=3,
        received_in_person=1,
    )
    p = programme(people)
    online = actions.target_add(
        actor=u(people.leader),
        programme=p,
        indicator="Hồ sơ trực tuyến",
        measure="%",
        baseline=Decimal(40),
        target=Decimal(80),
        due=date(2026, 12, 31),
        source="online_share",
    )
    [view] = selectors.programme_targets(p, today=TODAY)
    assert (view.value, view.percent, view.at_risk) == (Decimal("75.0"), 88, False)
    rows = selectors.province_overview(u(people.monitor), today=TODAY)
    assert [(r.unit_code, r.targets, r.at_risk) for r in rows] == [("24688", 1, 0)]
    with pytest.raises(Conflict):
        actions.progress_report(actor=u(people.leader), target=online, period_end=TODAY, value=Decimal(1))


@time_machine.travel(datetime(2026, 7, 1, 9, tzinfo=VN), tick=False)
def test_the_programme_as_excel(people: People) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    p = programme(people)
    actions.task_add(actor=u(people.leader), programme=p, clears=clears())
    target = actions.target_add(
        actor=u(people.leader),
        programme=p,
        indicator="Thu ngân sách",
        measure="%",
        baseline=Decimal(100),
        target=Decimal(120),
        due=date(2026, 12, 31),
    )
    actions.progress_report(
        actor=u(people.leader), target=target, period_end=date(2026, 6, 30), value=Decimal(112)
    )
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(u(people.monitor))
    response = client.get(f"/desk/programmes/{p.pk}/?format=xlsx")
    assert response.status_code == 200
    tasks, targets = load_workbook(BytesIO(response.content)).worksheets
    assert list(next(tasks.iter_rows(min_row=3, values_only=True))) == [
        "Làm sạch dữ liệu đất đai",
        "Công chức địa chính",
        "Phòng Kinh tế",
        "Trung tâm PVHCC",
        "05/11/2025",
        "Dữ liệu đúng, đủ, sạch, sống",
        "Not evaluated yet",
        "x",
    ]
    assert list(next(targets.iter_rows(min_row=2, values_only=True))) == [
        "Thu ngân sách",
        "%",
        100,
        120,
        "31/12/2026",
        112,
        60,
        None,
    ]
    other = Client()
    other.force_login(u(people.cujut_leader))
    assert other.get(f"/desk/programmes/{p.pk}/?format=xlsx").status_code == 404
