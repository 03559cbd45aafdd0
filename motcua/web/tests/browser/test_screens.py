"""The officials' screens at the sizes they are used on: a 1366×768 office screen and a tablet held
upright, in Vietnamese, each checked by axe-core and for sideways scrolling; and the province
monitor's overview and unit page with their charts."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from motcua.web.tests.browser.support import (
    OFFICE,
    TABLET,
    Pages,
    assert_accessible,
    assert_fits,
    submit_online,
)

pytestmark = pytest.mark.browser

Shoot = Callable[[Page, str], Path]


def test_the_desk_fits_an_office_screen_and_a_tablet(pages: Pages, shoot: Shoot) -> None:
    _citizen, code = submit_online(pages, national_id="068190006101", phone="0911222701")

    officer = pages.login("krongno.tiepnhan", viewport=OFFICE)
    officer.goto("/desk/")
    expect(officer.locator("html")).to_have_attribute("lang", "vi")
    online_waiting = officer.locator("a[href='/desk/queues/decide/'] .stat")
    expect(online_waiting).to_have_text(re.compile(r"^[1-9]\d*$"))
    expect(officer.locator("main table a", has_text=code)).to_be_visible()
    assert_fits(officer, OFFICE["width"])
    assert_accessible(officer)
    shoot(officer, "desk-landing-office")

    officer.goto("/desk/receive/")
    expect(officer.locator("h1")).to_have_text("Tiếp nhận hồ sơ trực tiếp")
    assert_fits(officer, OFFICE["width"])
    assert_accessible(officer)
    shoot(officer, "desk-receive-office")

    leader = pages.login("krongno.lanhdao", viewport=TABLET)
    leader.goto("/desk/workload/")
    expect(leader.locator("h1")).to_have_text("Khối lượng công việc của Xã Krông Nô")
    assert_fits(leader, TABLET["width"])
    assert_accessible(leader)
    shoot(leader, "desk-workload-tablet")

    leader.goto(f"/desk/dossiers/{code}/")
    expect(leader.locator("h1")).to_contain_text(code)
    assert_fits(leader, TABLET["width"])
    shoot(leader, "desk-dossier-tablet")


def test_the_province_monitor_sees_the_overview_and_a_unit(pages: Pages, shoot: Shoot) -> None:
    monitor = pages.login("tinh.giamsat", viewport=OFFICE)
    monitor.goto("/monitor/")
    expect(monitor.locator("h1")).to_have_text("Theo dõi, giám sát Lâm Đồng")
    # The communes with dossiers this month are ranked, the others listed apart (766 index); how many
    # worked depends on what earlier tests of the session did on the shared site.
    expect(monitor.locator(".monitor-empty h2")).to_have_text("Không có hồ sơ trong kỳ này")
    ranked = monitor.locator("table.monitor-table tbody tr").count()
    assert ranked + monitor.locator(".monitor-empty-list li").count() == 124
    assert_fits(monitor, OFFICE["width"])
    assert_accessible(monitor)
    shoot(monitor, "monitor-overview")

    monitor.goto("/monitor/units/24688/")
    expect(monitor.locator("h1")).to_contain_text("Xã Krông Nô")
    expect(monitor.locator("#chart-volume")).to_be_visible()
    assert_accessible(monitor)
    shoot(monitor, "monitor-unit")


def tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate(
            "s => document.activeElement !== null && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got the focus in {limit} presses of Tab")


def test_a_counter_reception_by_keyboard_alone(pages: Pages, shoot: Shoot) -> None:
    officer = pages.login("krongno.tiepnhan", viewport=OFFICE)
    officer.goto("/desk/receive/")
    expect(officer.locator("#procedure-q")).to_be_focused()  # the officer can type at once
    officer.keyboard.type("1.001193")
    expect(officer.locator("#procedure-1\\.001193")).to_be_visible()
    tab_to(officer, "#procedure-1\\.001193")
    officer.keyboard.press("Space")
    required = officer.locator(".component-row:has(.badge:text-is('bắt buộc')) input[type=checkbox]")
    expect(required.first).to_be_visible(timeout=15_000)  # fetched from the server: slow under CI load
    for field, text in (
        ("#id_applicant_name", "Lê Văn Phím"),
        ("#id_applicant_national_id", "068190006201"),
        ("#id_applicant_phone", "0911222801"),
    ):
        tab_to(officer, field)
        officer.keyboard.type(text)
    for box in required.all():
        tab_to(officer, f"#{box.get_attribute('id')}")
        officer.keyboard.press("Space")
    tab_to(officer, "button[name=decision][value=accept]")
    with officer.expect_navigation():
        officer.keyboard.press("Enter")

    assert re.search(r"/desk/dossiers/[^/]+/receipt/$", officer.url), officer.url
    expect(officer.locator("h1")).to_have_text("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    expect(officer.locator("main")).to_contain_text("Lê Văn Phím")
    expect(officer.locator(".appointment")).to_be_visible()
    shoot(officer, "desk-receipt-keyboard")
