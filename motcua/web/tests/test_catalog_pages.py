import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

pytestmark = pytest.mark.django_db


def test_catalogue_search_without_diacritics_finds_birth_registration(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(4):
        response = client.get("/procedures/", {"q": "khai sinh"})
    html = response.content.decode()
    assert 'href="/procedures/1.001193/">Đăng ký khai sinh</a>' in html


def test_catalogue_filters_by_level(client: Client) -> None:
    html = client.get("/procedures/", {"level": "so"}).content.decode()
    assert ">Đăng ký thành lập doanh nghiệp tư nhân</a>" in html
    assert ">Đăng ký khai sinh</a>" not in html


def test_catalogue_says_when_nothing_matches(client: Client) -> None:
    html = client.get("/procedures/", {"q": "zzzz"}).content.decode()
    assert "Không tìm thấy thủ tục nào" in html


def test_procedure_page_shows_components_fees_and_legal_time(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(6):
        response = client.get("/procedures/1.001193/")
    html = response.content.decode()
    assert "<h1>Đăng ký khai sinh</h1>" in html
    assert "Trong ngày (ngày làm việc tiếp theo nếu tiếp nhận sau 15 giờ)" in html


def test_unknown_procedure_page_is_404(client: Client) -> None:
    response = client.get("/procedures/9.999999/")
    assert response.status_code == 404


def test_procedure_page_links_to_online_submission_and_tracking(client: Client) -> None:
    html = client.get("/procedures/1.001193/").content.decode()
    assert '<a class="button" href="/submit/1.001193/">' in html
    assert '<a class="button secondary" href="/track/">' in html
