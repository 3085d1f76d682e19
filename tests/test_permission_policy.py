"""The organisation navigation, the views and the permission policies cannot disagree: every page a person is
shown a link to opens for them, and every organisation page they are not shown refuses them."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from people.models import Membership, Organization
from people.templatetags.people_tags import organization_links

PAGES = ["staff", "matrix", "roles", "verify", "dossier", "members", "invite", "tokens", "audit"]


@pytest.mark.django_db
def test_navigation_and_views_agree_for_every_member_of_every_organisation(demo_site, make_user):
    outsider = make_user(email="outsider@example.org")
    people = list(get_user_model().objects.filter(memberships__isnull=False).distinct()) + [outsider]
    opened, refused = set(), set()
    for organization in Organization.objects.all():
        base = f"/ru/accounts/organizations/{organization.slug}/"
        for person in people:
            client = Client()
            client.force_login(person)
            shown = {url for url, _label in organization_links(organization, person)}
            for page in PAGES:
                url = f"{base}{page}/"
                status = client.get(url).status_code
                if url in shown:
                    assert status == 200, (person.email, url, status)
                    opened.add((organization.kind, page))
                else:
                    assert status in (403, 404), (person.email, url, status)
                    refused.add((organization.kind, page))
    # The demo has an employer and a university with members in several roles: every employer page was
    # both opened by someone and refused to someone; a university's own pages too.
    assert {("employer", page) for page in PAGES} <= opened & refused
    assert {("university", page) for page in ("members", "invite", "audit", "dossier")} <= opened & refused
    assert Membership.objects.filter(role=Membership.HR).exists()
