import re

import pytest
from django.conf import settings
from django.test import Client
from pytest_django import DjangoAssertNumQueries

pytestmark = pytest.mark.django_db


def test_home_page_in_vietnamese_shows_the_province_and_its_124_units(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(5):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi" dir="ltr">' in html
    assert "Lâm Đồng" in html
    assert "<strong>124</strong>" in html
    assert "<strong>103</strong>" in html
    assert "<strong>20</strong>" in html
    assert "Đăng nhập cán bộ" in html


def test_home_page_in_arabic_is_right_to_left(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = client.get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_unit_list_filters_by_kind_with_a_fixed_number_of_queries(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(4):
        response = client.get("/units/", {"kind": "phuong"})
    html = response.content.decode()
    assert len(re.findall(r'href="/units/\d{5}/"', html)) == 20
    assert "Phường Xuân Hương - Đà Lạt" in html


def test_unit_list_converts_an_old_address(client: Client) -> None:
    html = client.get("/units/", {"address": "thi tran dak mam, krong no, dak nong"}).content.decode()
    assert 'href="/units/24688/"><strong>Xã Krông Nô</strong></a>' in html


def test_unit_list_explains_an_address_that_matches_nothing(client: Client) -> None:
    response = client.get("/units/", {"address": "không biết"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_unit_detail_lists_its_lineage(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(3):
        response = client.get("/units/24688/")
    html = response.content.decode()
    assert "Xã Đắk Drô, Huyện Krông Nô, Tỉnh Đắk Nông" in html
    assert "Thị trấn Đắk Mâm" in html


def test_unknown_unit_page_is_404_with_a_message(client: Client) -> None:
    response = client.get("/units/12345678/")
    assert response.status_code == 404
    assert "12345678" in response.content.decode()


def test_every_page_offers_submission_and_tracking_in_the_main_menu(client: Client) -> None:
    html = client.get("/units/").content.decode()
    menu = html[html.index('<nav class="main-nav"') : html.index("</nav>")]
    assert '<a href="/submit/">' in menu
    assert '<a href="/track/">' in menu


def test_the_language_switch_returns_to_the_page_it_came_from(client: Client) -> None:
    html = client.get("/procedures/", {"q": "khai sinh"}).content.decode()
    assert '<input name="next" type="hidden" value="/procedures/?q=khai+sinh">' in html
