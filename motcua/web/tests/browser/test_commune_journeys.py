"""A commune leader of the demo sees the commune's positions with their gaps, imports a staff list,
files a proposal that the province assigns, and reads the action programme with its overdue tasks
and targets at risk; the province sees all communes. Screenshots of each page."""

import re
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from motcua.web.tests.browser.support import Pages, Site, assert_accessible

pytestmark = pytest.mark.browser

Shoot = Callable[[Page, str], Path]


@pytest.fixture(scope="module", autouse=True)
def demo(site: Site) -> None:
    for command in ("seed_staff_demo", "seed_proposals_demo", "seed_programmes_demo"):
        site.manage(command)


def staff_list(tmp_path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Mã", "Họ tên", "Chuyên ngành", "Trình độ", "Văn bằng", "Vị trí", "Loại", "Từ ngày"])
    sheet.append(["24688-20", "Nguyễn Thị Tâm", "it", 3, "Kỹ sư CNTT", "CNTT", "main", "01/12/2026"])
    sheet.append(["24688-21", "Lò Văn Sáng", "cadastral", 3, "Cử nhân QLĐĐ", "DCXD", "main", "01/12/2026"])
    out = BytesIO()
    book.save(out)
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(out.getvalue())
    return path


def test_the_commune_leader_sees_the_gaps_and_imports_a_staff_list(
    pages: Pages, site: Site, shoot: Shoot, tmp_path: Path
) -> None:
    page = pages.login("krongno.lanhdao", language="en")
    page.goto("/desk/staff/")
    page.wait_for_url(re.compile(r"/desk/staff/u/24688/"))
    expect(page.locator("[data-figure=vacant]")).to_have_text("1")  # information technology
    expect(page.locator("[data-position=CNTT] [data-gap=vacant]")).to_be_visible()
    assert_accessible(page)
    shoot(page, "staff-unit-krongno")

    page.click("text=Import a staff list")
    page.set_input_files("#staff-file", str(staff_list(tmp_path)))
    page.click("main button:has-text('Preview')")
    expect(page.locator("[data-row]")).to_have_count(2)
    assert_accessible(page)
    shoot(page, "staff-import-preview")
    page.click("main button:has-text('Import 2 assignments')")
    page.wait_for_url(re.compile(r"/desk/staff/u/24688/$"))
    expect(page.locator("[data-figure=vacant]")).to_have_text("0")

    monitor = pages.login("tinh.giamsat")
    monitor.goto("/desk/staff/province/?sector=cadastral")
    expect(monitor.locator("[data-unit]")).to_have_count(3)
    assert_accessible(monitor)
    shoot(monitor, "staff-province-cadastral-vi")


def test_a_proposal_goes_to_the_province_and_back(pages: Pages, site: Site, shoot: Shoot) -> None:
    leader = pages.login("dakmil.lanhdao", language="en")
    leader.goto("/desk/proposals/new/")
    leader.select_option("#id_category", "guidance")
    leader.fill("#id_title", "Hướng dẫn lưu trữ hồ sơ điện tử")
    leader.fill("#id_text", "Đề nghị hướng dẫn thời hạn lưu trữ hồ sơ điện tử.")
    leader.click("main button[type=submit]")
    leader.wait_for_url(re.compile(r"/desk/proposals/\d+/$"))
    expect(leader.locator("[data-status]")).to_have_attribute("data-status", "filed")
    url = leader.url

    monitor = pages.login("tinh.giamsat", language="en")
    monitor.goto(url)
    monitor.select_option("#id_department", "68.STP")
    monitor.fill("#id_working_days", "5")
    monitor.click("main button:has-text('Assign')")
    expect(monitor.locator("[data-status]")).to_have_attribute("data-status", "assigned")
    assert_accessible(monitor)
    shoot(monitor, "proposal-assigned")
    monitor.goto("/desk/proposals/dashboard/")
    expect(monitor.locator("[data-department='68.STP']")).to_be_visible()
    assert_accessible(monitor)
    shoot(monitor, "proposals-dashboard-province")

    department = pages.login("stp.xuly", language="en")
    department.goto(url)
    department.fill("#id_answer", "Sở sẽ ban hành hướng dẫn trong tháng.")
    department.click("main button:has-text('Send the answer')")
    leader.reload()
    leader.click("main button:has-text('Accept the answer')")
    expect(leader.locator("[data-status]")).to_have_attribute("data-status", "accepted")
    expect(leader.locator("[data-event]")).to_have_count(4)
    shoot(leader, "proposal-accepted")


def test_the_action_programme_with_overdue_tasks_and_targets(pages: Pages, shoot: Shoot) -> None:
    leader = pages.login("cujut.lanhdao")
    leader.goto("/desk/programmes/")
    leader.click("text=05-CTr/ĐU")
    expect(leader.locator("[data-overdue]").first).to_be_visible()
    expect(leader.locator("[data-risk]").first).to_be_visible()
    assert_accessible(leader)
    shoot(leader, "programme-cujut-vi")

    monitor = pages.login("tinh.giamsat", language="en")
    monitor.goto("/desk/programmes/")
    expect(monitor.locator("[data-unit]")).to_have_count(3)
    assert_accessible(monitor)
    shoot(monitor, "programmes-province")
