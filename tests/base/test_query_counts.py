"""Hot pages make the same number of queries however much content there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from base.models import HomePage, StandardPage


def add_menu_pages(count: int) -> None:
    home = HomePage.objects.get(locale__language_code="ru")
    for index in range(count):
        page = StandardPage(title=f"Раздел {index}", slug=f"razdel-{index}", show_in_menus=True, body=[])
        home.add_child(instance=page)
        page.save_revision().publish()
        home.refresh_from_db()


def count_queries(client, path: str) -> int:
    client.get(path)  # warm caches that are meant to be warm (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/ru/", "/ru/o-platforme/", "/ru/accounts/login/"])
def test_page_query_count_does_not_grow_with_the_menu(client, demo_site, path):
    small = count_queries(client, path)
    add_menu_pages(12)
    large = count_queries(client, path)
    assert "Раздел 11" in client.get(path).content.decode()  # the larger menu really is on the page
    assert small == large, f"{path}: {small} queries with 2 menu pages, {large} with 14"
