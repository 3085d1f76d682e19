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
