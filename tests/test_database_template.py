"""The test database every worker copies (tests/database_template.py) is the whole demo, signed with the key
this worker signs with, and a transactional test that empties it gets the same demo back."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Site

from certificates import signing
from certificates.models import Certificate, SigningKey
from demo.loader import DEMO_ACCOUNTS, load_demo
from tests import database_template


@pytest.mark.django_db
def test_every_test_starts_from_the_complete_demo():
    assert load_demo(curriculum=False).created == []  # nothing missing: loading it again adds nothing
    assert set(get_user_model().objects.values_list("email", flat=True)) >= {a.email for a in DEMO_ACCOUNTS}


@pytest.mark.django_db
def test_the_demo_certificates_are_signed_with_the_key_this_worker_signs_with():
    signing._cached_private_key.cache_clear()  # the key of the settings, whatever an earlier test read
    _key, kid = signing.current_key()
    assert list(SigningKey.objects.values_list("kid", flat=True)) == [kid]
    certificates = Certificate.objects.exclude(jws="")
    assert certificates.exists()
    for certificate in certificates:
        check = signing.verify(certificate.jws)
        assert check.ok and check.kid == kid, certificate.code


@pytest.mark.django_db(transaction=True)
def test_an_emptied_database_gets_the_whole_demo_back():
    call_command("flush", verbosity=0, interactive=False)  # what ends every transactional test
    assert not Site.objects.exists()

    report = database_template.ensure_demo()

    assert report.created  # it was missing, and is back
    assert load_demo(curriculum=False).created == []
    assert get_user_model().objects.filter(email="trainee@cart-academy.example").exists()


def test_the_kept_migrated_database_is_named_by_what_migrate_depends_on(monkeypatch):
    """A later run reuses var/test-cache/'s migrated database only under the same key (tests/conftest.py)."""
    import django

    key = database_template.migrations_key()
    assert database_template.migrations_key() == key  # the same project, the same key

    monkeypatch.setattr(Certificate._meta, "permissions", [("audit_certificates", "Can audit")])
    with_permission = database_template.migrations_key()
    assert with_permission != key  # post_migrate would create another permission row
    monkeypatch.setattr(django, "__version__", "0.0")
    assert database_template.migrations_key() not in {key, with_permission}


def test_a_project_module_a_migration_imports_is_part_of_the_key(tmp_path):
    migration = tmp_path / "0099_example.py"
    migration.write_text("from django.db import migrations\nfrom courses.roles import ensure_topics\n")
    sources = database_template._project_modules_imported_by(migration)
    assert b"def ensure_topics" in sources and b"class Migration" not in sources  # ours, not Django's
