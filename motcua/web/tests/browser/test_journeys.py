"""Journeys across the portal and the officials' desk, each person in their own browser context:
the citizen online through to the rating, a counter reception with a supplement, and an officer of
another commune who cannot see the dossier."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from motcua.testing.personas import PDF
from motcua.web.tests.browser.support import PHONE, Pages, assert_accessible, submit_online

pytestmark = pytest.mark.browser

Shoot = Callable[[Page, str], Path]


def act(page: Page, code: str, action: str, fill: Callable[[Page], object] | None = None) -> None:
    """Open the dossier on the desk, fill the action's form, send it, and wait for the page again."""
    page.goto(f"/desk/dossiers/{code}/")
    form = page.locator(f"form[action$='/{code}/{action}/']")
    folded = page.locator("details.action", has=form)
    if folded.count() and not folded.first.get_attribute("open"):
        folded.first.locator("summary").click()
    if fill is not None:
        fill(page)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator(".error-summary")).to_have_count(0)


def status_of(page: Page) -> str:
    classes = page.locator(".dossier-head .badge").first.get_attribute("class") or ""
    match = re.search(r"status-(\w+)", classes)
    assert match is not None, classes
    return match.group(1)


def track(page: Page, code: str, secret: str) -> None:
    page.goto(f"/track/?code={code}")
    page.fill("#id_secret", secret)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text(re.compile(re.escape(code)))


def test_online_dossier_from_submission_to_rating(pages: Pages, shoot: Shoot) -> None:
    citizen, code = submit_online(pages, national_id="068190006001", phone="0911222601")

    officer = pages.login("krongno.tiepnhan", language="en")
    act(officer, code, "accept")
    assert status_of(officer) == "accepted"
    assert_accessible(officer)
    shoot(officer, "desk-dossier-accepted")

    leader = pages.login("krongno.lanhdao", language="en")
    act(leader, code, "assign", lambda p: p.select_option("#assign-handler", "krongno.xuly"))
    assert status_of(leader) == "processing"

    handler = pages.login("krongno.xuly", language="en")
    act(handler, code, "propose", lambda p: p.check("form[action$='/propose/'] input[value=granted]"))
    assert status_of(handler) == "pending_approval"

    def approve(page: Page) -> None:
        page.check("form[action$='/decide/'] input[value=granted]")
        page.set_input_files(
            "form[action$='/decide/'] input[type=file]",
            {"name": "giay-khai-sinh.pdf", "mimeType": "application/pdf", "buffer": PDF},
        )

    act(leader, code, "decide", approve)
    assert status_of(leader) == "processed"

    track(citizen, code, "2601")
    expect(citizen.locator("#status")).to_have_text("The result is ready at the one-stop desk.")

    act(officer, code, "return")
    assert status_of(officer) == "returned"
    shoot(officer, "desk-dossier-returned")

    track(citizen, code, "2601")
    expect(citizen.locator("#status")).to_have_text("The result has been returned to you.")
    citizen.check("input[name=score][value='5']")
    citizen.click("form[action$='/rate/'] button[type=submit]")
    expect(citizen.locator(".message.success")).to_have_text("Thank you. Your rating has been recorded.")
    shoot(citizen, "track-returned-rated")


def test_counter_reception_with_a_supplement(pages: Pages, shoot: Shoot) -> None:
    officer = pages.login("krongno.tiepnhan", language="en")
    officer.goto("/desk/receive/")
    officer.fill("#procedure-q", "khai sinh")
    officer.locator("#procedure-1\\.001193").check()
    expect(officer.locator("#components input[type=checkbox]").first).to_be_visible()
    officer.fill("#id_applicant_name", "Trần Văn Bình")
    officer.fill("#id_applicant_national_id", "068190006002")
    officer.fill("#id_applicant_phone", "0911222602")
    officer.select_option("#id_competent_unit", "24688")
    # The first component handed in, with its scan; the rest go into the supplement request.
    officer.locator("#components input[type=checkbox]").first.check()
    officer.locator("#components input[type=file]").first.set_input_files(
        {"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    officer.fill("#id_missing", "Bản sao sổ hộ khẩu")
    with officer.expect_navigation():
        officer.click("button[name=decision][value=supplement]")
    match = re.search(r"/desk/dossiers/([^/]+)/receipt/", officer.url)
    assert match is not None, officer.url
    code = match.group(1)
    shoot(officer, "desk-supplement-slip")

    citizen = pages.open("/", language="en", viewport=PHONE)
    track(citizen, code, "2602")
    expect(citizen.locator("#status")).to_have_text(
        "Your dossier is incomplete: the desk has asked for more documents."
    )
    items = citizen.locator(".supplement-items li").all_inner_texts()
    assert "Bản sao sổ hộ khẩu" in items
    assert len(items) >= 2  # the unticked required component is listed too
    shoot(citizen, "track-counter-supplement-phone")

    act(officer, code, "provide_supplement", lambda p: p.fill("#provide_supplement-note", "Đã nộp đủ"))
    act(officer, code, "accept")
    assert status_of(officer) == "accepted"
    track(citizen, code, "2602")
    expect(citizen.locator("#status")).to_have_text("Your dossier has been accepted and is being settled.")
    expect(citizen.locator("dt", has_text="Appointment for the result")).to_be_visible()


def test_an_officer_of_another_commune_gets_not_found(pages: Pages, shoot: Shoot) -> None:
    _citizen, code = submit_online(pages, national_id="068190006003", phone="0911222603")
    stranger = pages.login("cujut.tiepnhan", language="en")
    response = stranger.goto(f"/desk/dossiers/{code}/")
    assert response is not None and response.status == 404
    assert "068190006003" not in stranger.content()
    shoot(stranger, "desk-other-commune-not-found")
    own = pages.login("krongno.tiepnhan", language="en")
    answer = own.goto(f"/desk/dossiers/{code}/")
    assert answer is not None and answer.status == 200
