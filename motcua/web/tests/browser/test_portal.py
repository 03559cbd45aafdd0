"""The citizen portal in Chromium: the catalogue, online submission on a phone, tracking, rating and
the portal in Arabic. Every key page is checked with axe-core and photographed."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from motcua.web.tests.browser.support import (
    BIRTH,
    PHONE,
    Pages,
    Site,
    assert_accessible,
    assert_fits,
    attach_required,
    count_dossiers,
    fill_applicant,
    submit_online,
)

pytestmark = pytest.mark.browser

Shoot = Callable[[Page, str], Path]


def test_catalogue_search_filter_and_detail(pages: Pages, shoot: Shoot) -> None:
    page = pages.open("/")
    assert_accessible(page)
    shoot(page, "portal-home")
    page.fill("#home-search", "khai sinh")
    page.press("#home-search", "Enter")
    page.wait_for_url(re.compile(r"/procedures/\?q=khai\+sinh"))
    expect(page.locator("main table a", has_text="Đăng ký khai sinh").first).to_be_visible()
    assert_accessible(page)
    shoot(page, "catalogue-search")

    page.goto("/procedures/")
    page.select_option("select[name=field]", "ho_tich")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"field=ho_tich"))
    fields = page.locator("main tbody tr td:nth-child(3)").all_inner_texts()
    assert fields and set(fields) == {"Hộ tịch"}

    page.click("main a:text-is('Đăng ký khai sinh')")
    page.wait_for_url(f"**/procedures/{BIRTH}/")
    expect(page.locator("h1")).to_have_text("Đăng ký khai sinh")
    assert "Tờ khai đăng ký khai sinh theo mẫu" in page.inner_text("main")
    assert "Miễn lệ phí đăng ký khai sinh đúng hạn" in page.inner_text("main")
    assert_accessible(page)
    shoot(page, "catalogue-detail")
    page.click(f"main a[href='/submit/{BIRTH}/']")
    page.wait_for_url(f"**/submit/{BIRTH}/")


def test_online_submission_on_a_phone(pages: Pages, site: Site, shoot: Shoot) -> None:
    national_id = "068190005001"
    page = pages.open(f"/submit/{BIRTH}/", language="en", viewport=PHONE)
    assert_fits(page, PHONE["width"])
    assert_accessible(page)
    shoot(page, "submit-phone")

    # A file of the wrong type is named beside its field before anything is sent.
    first = page.locator("input[type=file][required]").first
    first_id = first.get_attribute("id")
    first.set_input_files({"name": "anh.gif", "mimeType": "image/gif", "buffer": b"GIF89a" + b"\x00" * 8})
    message = page.locator(f"#{first_id}_error")
    expect(message).to_have_text("This file is not a PDF, JPEG or PNG file. Choose another file.")
    expect(first).to_have_attribute("aria-invalid", "true")
    page.check("#id_declaration")
    page.click("form.portal-form button[type=submit]")
    assert page.url.endswith(f"/submit/{BIRTH}/")  # not sent
    shoot(page, "submit-phone-bad-file")

    # An address before 2025 names the new commune as soon as it is typed.
    page.fill("#id_old_address", "Xã Đắk Drô, Huyện Krông Nô, Tỉnh Đắk Nông")
    page.press("#id_old_address", "Tab")
    expect(page.locator("#unit-note")).to_have_text("Your old address is now part of Xã Krông Nô.")

    # A wrong ID number comes back from the server beside its field, with the input kept.
    fill_applicant(page, national_id="12345")
    attach_required(page)
    expect(message).to_be_hidden()
    page.click("form.portal-form button[type=submit]")
    page.wait_for_load_state()
    expect(page.locator("#id_national_id_error")).to_have_text(
        "The personal ID number must have exactly 12 digits."
    )
    expect(page.locator("#id_name")).to_have_value("Nguyễn Thị Lan")
    expect(page.locator("#error-summary")).to_be_focused()
    assert_fits(page, PHONE["width"])
    assert_accessible(page)
    shoot(page, "submit-phone-errors")

    # Corrected, and sent with a double click: one dossier.
    page.fill("#id_national_id", national_id)
    attach_required(page)
    page.check("#id_declaration")
    page.dblclick("form.portal-form button[type=submit]")
    page.wait_for_url(re.compile(r"/submit/done/"))
    code = page.inner_text("#dossier-code")
    assert re.fullmatch(r"000\.60\.20\.H36-\d{6}-\d{4}", code)
    expect(page.locator("#dossier-secret")).to_have_text("5678")
    assert_fits(page, PHONE["width"])
    assert_accessible(page)
    shoot(page, "submit-phone-done")
    assert count_dossiers(site, national_id) == 1


def test_tracking_with_a_wrong_then_the_right_secret(pages: Pages, shoot: Shoot) -> None:
    done, code = submit_online(pages, national_id="068190005002", phone="0987654321")
    done.click("a.button[href^='/track/']")
    done.wait_for_url(re.compile(r"/track/\?code="))
    expect(done.locator("#id_code")).to_have_value(code)
    assert_accessible(done)

    done.fill("#id_secret", "1111")
    done.click("main button[type=submit]")
    expect(done.locator("#error-summary")).to_contain_text("No dossier matches this code and these 4 digits.")
    expect(done.locator("#id_code")).to_have_value(code)
    assert_accessible(done)
    shoot(done, "track-wrong-secret")

    done.fill("#id_secret", "4321")
    done.click("main button[type=submit]")
    expect(done.locator("#status")).to_have_text(
        "The one-stop desk has received your dossier and is checking it."
    )
    expect(done.locator("h1")).to_have_text(f"Dossier {code}")
    assert_accessible(done)
    shoot(done, "track-new")


def test_a_citizen_reads_the_supplement_list_and_rates_a_returned_dossier(
    pages: Pages, site: Site, shoot: Shoot
) -> None:
    """The officials' steps are taken through the engine's actions here; the desk journeys drive
    them through the desk pages."""
    _page, code = submit_online(pages, national_id="068190005003", phone="0911000333")
    steps = (
        "from motcua.accounts.models import User; from motcua.dossiers import actions; "
        "from motcua.dossiers.models import Dossier; "
        "u = {n: User.objects.get(username='krongno.' + n) for n in ('tiepnhan', 'xuly', 'lanhdao')}; "
        f"d = Dossier.objects.get(code='{code}'); "
    )
    site.shell(
        steps
        + "actions.supplement_request(actor=u['tiepnhan'], dossier=d, items=['Bản sao Giấy chứng sinh'])"
    )
    page = pages.open(f"/track/?code={code}", language="en", viewport=PHONE)
    page.fill("#id_secret", "0333")
    page.click("main button[type=submit]")
    expect(page.locator(".supplement-items li")).to_have_text(["Bản sao Giấy chứng sinh"])
    assert_fits(page, PHONE["width"])
    assert_accessible(page)
    shoot(page, "track-supplement-phone")

    site.shell(
        steps
        + "d = actions.supplement_provide(actor=u['tiepnhan'], dossier=d, note='Đã nộp bản sao'); "
        + "d = actions.dossier_accept(actor=u['tiepnhan'], dossier=d); "
        + "d = actions.dossier_assign(actor=u['lanhdao'], dossier=d, handler=u['xuly']); "
        + "d = actions.dossier_propose(actor=u['xuly'], dossier=d, proposal='refused'); "
        + "d = actions.dossier_decide(actor=u['lanhdao'], dossier=d, result='refused', reason='Thiếu giấy'); "
        + "actions.dossier_return(actor=u['tiepnhan'], dossier=d, via=1)"
    )
    page.goto(f"/track/?code={code}")
    page.fill("#id_secret", "0333")
    page.click("main button[type=submit]")
    expect(page.locator("#status")).to_have_text("The result has been returned to you.")
    page.click("form[action$='/rate/'] button[type=submit]")  # no score chosen
    expect(page.locator("#score-error")).to_have_text("Choose a score.")
    assert_accessible(page)
    page.check("input[name=score][value='4']")
    page.fill("#id_comment", "Cán bộ hướng dẫn tận tình")
    page.click("form[action$='/rate/'] button[type=submit]")
    expect(page.locator(".message.success")).to_have_text("Thank you. Your rating has been recorded.")
    assert_accessible(page)
    shoot(page, "track-rated-phone")
    rating = site.shell(
        "from motcua.dossiers.models import Rating; "
        f"r = Rating.objects.get(dossier__code='{code}'); print(r.score, r.dislike, r.comment)"
    )
    assert rating == "4 False Cán bộ hướng dẫn tận tình"


def test_the_portal_in_arabic_is_laid_out_right_to_left(pages: Pages, shoot: Shoot) -> None:
    page = pages.open("/", language="vi")
    page.select_option("#language-select", "ar")
    page.click(".lang-form button[type=submit]")
    page.wait_for_function("document.documentElement.lang === 'ar'")
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    brand = page.locator(".site-header .brand").bounding_box()
    search = page.locator("#home-search").bounding_box()
    assert brand is not None and search is not None
    width = page.viewport_size["width"] if page.viewport_size else 1280
    # The header starts on the right: the brand's right edge is near the right edge of the page.
    assert brand["x"] > width / 2
    assert brand["x"] + brand["width"] > width - 150
    assert_accessible(page)
    shoot(page, "portal-home-arabic")

    page.goto(f"/submit/{BIRTH}/")
    label = page.locator("label[for=id_name]").bounding_box()
    field = page.locator("#id_name").bounding_box()
    assert label is not None and field is not None
    # Labels and fields line up on the right edge of the form.
    assert abs((label["x"] + label["width"]) - (field["x"] + field["width"])) < 2
    assert_accessible(page)
    shoot(page, "submit-arabic")

    phone = pages.open("/track/", language="ar", viewport=PHONE)
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    assert_fits(phone, PHONE["width"])
    assert_accessible(phone)
    shoot(phone, "track-arabic-phone")


def test_public_pages_fit_a_phone(pages: Pages, shoot: Shoot) -> None:
    for path, name in (
        ("/", "home-phone"),
        ("/procedures/?q=khai+sinh", "catalogue-phone"),
        (f"/procedures/{BIRTH}/", "catalogue-detail-phone"),
        ("/units/?address=Xã+Đắk+Drô,+Huyện+Krông+Nô,+Tỉnh+Đắk+Nông", "units-phone"),
        ("/submit/", "submit-start-phone"),
    ):
        page = pages.open(path, viewport=PHONE)
        assert_fits(page, PHONE["width"])
        assert_accessible(page)
        shoot(page, name)
