import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page, Revision, Site

from certificates.models import Certificate
from demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD


def snapshot():
    User = get_user_model()
    return {
        "pages": sorted(
            Page.objects.values_list(
                "id", "path", "slug", "locale__language_code", "live", "latest_revision_id"
            )
        ),
        "revisions": Revision.objects.count(),
        "sites": sorted(Site.objects.values_list("id", "hostname", "root_page_id", "is_default_site")),
        "users": sorted(User.objects.values_list("email", "password", "full_name", "is_superuser")),
        "emails": sorted(EmailAddress.objects.values_list("email", "verified", "primary")),
        "memberships": sorted(User.groups.through.objects.values_list("user__email", "group__name")),
        "page_permissions": GroupPagePermission.objects.count(),
        "collection_permissions": GroupCollectionPermission.objects.count(),
        "authenticators": sorted(Authenticator.objects.values_list("user__email", "type", "data")),
    }


@pytest.mark.django_db
def test_load_demo_builds_both_locales_and_verified_accounts_and_twice_changes_nothing(capsys):
    """One import of the curriculum for both checks (each costs a whole `load_demo`, curriculum and all)."""
    call_command("load_demo")
    User = get_user_model()
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(email=account.email)
        assert user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.get(user=user).verified
    assert User.objects.get(email="admin@cart-academy.example").is_superuser
    assert User.objects.get(email="editor@university.example").has_perm("wagtailadmin.access_admin")
    languages = set(Page.objects.filter(depth=2).values_list("locale__language_code", flat=True))
    assert languages == {"ru", "en"}
    assert set(Page.objects.filter(depth=3).values_list("slug", flat=True)) == {
        "o-platforme",
        "about",
        "konfidentsialnost",
        "privacy",
        "kursy",
        "courses",
        "glossarij",
        "glossary",
    }
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first
    assert "nothing to do" in capsys.readouterr().out


@pytest.mark.django_db
def test_load_demo_refuses_without_permission(settings):
    settings.DEMO_CONTENT_ALLOWED = False
    Certificate.objects.all().delete()  # certificates protect their holders
    get_user_model().objects.filter(email__endswith=".example").delete()
    with pytest.raises(CommandError, match="refuses"):
        call_command("load_demo")
    assert not get_user_model().objects.filter(email__endswith=".example").exists()


@pytest.mark.django_db
def test_load_demo_rebuilds_what_is_missing():
    User = get_user_model()
    Certificate.objects.filter(holder__email="trainee@cart-academy.example").delete()
    User.objects.filter(email="trainee@cart-academy.example").delete()
    call_command("load_demo", "--without-curriculum")  # the accounts do not depend on the curriculum
    assert User.objects.filter(email="trainee@cart-academy.example").exists()


@pytest.mark.django_db
def test_load_demo_moves_the_site_to_site_url(settings):
    """After `make run PORT=8801` the Wagtail site (full URLs, sitemap) is at 8801, not the last port."""
    # The site is set before the curriculum is imported (demo.loader.load_demo): without it, the same move.
    call_command("load_demo", "--without-curriculum")
    settings.SITE_URL = "http://127.0.0.1:8801"
    call_command("load_demo", "--without-curriculum")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8801)
    assert site.root_url == "http://127.0.0.1:8801"
