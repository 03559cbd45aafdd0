"""A citizen on a phone sends feedback about their dossier from the tracking page, reads the
deadline, and says the unit's answer satisfies them (Decree 118 Art.8.1.đ)."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from motcua.web.tests.browser.support import PHONE, Pages, Site, assert_accessible, assert_fits, submit_online

pytestmark = pytest.mark.browser

Shoot = Callable[[Page, str], Path]


def test_art_8_1_d_feedback_from_the_tracking_page_on_a_phone(pages: Pages, site: Site, shoot: Shoot) -> None:
    _done, code = submit_online(pages, national_id="068190005017", phone="0911000717")
    page = pages.open(f"/track/?code={code}", language="en", viewport=PHONE)
    page.fill("#id_secret", "0717")
    page.click("main button[type=submit]")
    page.click("text=Send feedback about this dossier")
    page.wait_for_url(re.compile(r"/feedback/new/\?dossier="))
    expect(page.locator("#id_dossier_code")).to_have_value(code)
    assert_fits(page, PHONE["width"])
    assert_accessible(page)

    page.select_option("#id_nature", "complaint")
    page.fill("#id_title", "Waiting too long")
    page.fill("#id_text", "Nobody called me about my dossier.")
    page.fill("#id_name", "Nguyễn Văn Phản")
    page.fill("#id_phone", "0911000717")
    page.click("main button[type=submit]")
    expect(page.locator("#error-summary")).to_contain_text("Law on Complaints (2011)")

    page.select_option("#id_nature", "feedback")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/feedback/t/"))
    expect(page.locator("h1")).to_have_text("Waiting too long")
    assert_fits(page, PHONE["width"])
    assert_accessible(page)
    shoot(page, "feedback-sent-phone")

    site.shell(
        "from motcua.accounts.models import User; from motcua.feedback.actions import feedback_answer; "
        "from motcua.feedback.models import Feedback; "
        f"f = Feedback.objects.get(dossier__code='{code}'); "
        "handler = User.objects.get(username='krongno.xuly'); "
        "feedback_answer(actor=handler, feedback=f, answer='We called you today.')"
    )
    page.reload()
    expect(page.locator("main")).to_contain_text("We called you today.")
    page.check("input[name=satisfied][value=yes]")
    page.click("form[action$='/rate/'] button[type=submit]")
    expect(page.locator("main")).to_contain_text("You said the answer satisfies you. Thank you.")
    assert_accessible(page)
    shoot(page, "feedback-rated-phone")
    assert (
        site.shell(
            f"from motcua.feedback.models import Feedback; f = Feedback.objects.get(dossier__code='{code}'); "
            "print(f.channel, f.status, f.satisfied)"
        )
        == "tracking closed True"
    )
