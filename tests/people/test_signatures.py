"""Electronic signatures (21 CFR 11.50/11.200): the secret is checked again, the meaning is recorded."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.db import transaction
from django.test import RequestFactory

from audit.models import AuditEntry
from people.models import Organization, Signature
from people.signatures import SignatureRefused, sign, signatures_of
from tests.factories import PASSWORD


@pytest.fixture
def target(db):
    return Organization.objects.create(
        slug="signed-thing", kind="employer", name_ru="Что-то", name_en="Thing"
    )


@pytest.mark.django_db
def test_a_wrong_password_is_refused_and_nothing_is_recorded(trainee, target):
    before = AuditEntry.objects.count()
    with pytest.raises(SignatureRefused, match="Пароль неверен"), transaction.atomic():
        sign(
            user=trainee, secret="wrong-password", meaning="I submit this exam as my own work", target=target
        )
    assert not Signature.objects.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_a_signature_records_signer_printed_name_time_zone_and_meaning(trainee, target):
    signature = sign(
        user=trainee, secret=PASSWORD, meaning="I submit this exam as my own work", target=target
    )
    shown = signature.manifestation()
    assert shown["signer"] == "Анна Смирнова"
    assert shown["meaning"] == "I submit this exam as my own work"
    assert shown["method"] == "password"
    assert shown["time_zone"] and shown["signed_at"].endswith(("+03:00", "+00:00"))
    assert signatures_of(target) == [signature]
    entry = AuditEntry.objects.filter(action="signature.signed").latest("pk")
    assert entry.after["meaning"] == "I submit this exam as my own work"


@pytest.mark.django_db
def test_with_two_factor_on_the_authenticator_code_signs_not_the_password(trainee, target):
    secret = "JBSWY3DPEHPK3PXP"
    TOTP.activate(trainee, secret)
    with pytest.raises(SignatureRefused, match="Код из приложения"):
        sign(user=trainee, secret=PASSWORD, meaning="m", target=target)
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    assert sign(user=trainee, secret=code, meaning="m", target=target).method == "totp"
    assert Authenticator.objects.filter(user=trainee).count() == 1


@pytest.mark.django_db
def test_guessing_is_stopped_after_five_wrong_secrets(trainee, target):
    request = RequestFactory().post("/")
    request.user = trainee
    for _ in range(5):
        with pytest.raises(SignatureRefused, match="Пароль неверен"):
            sign(user=trainee, secret="guess", meaning="m", target=target, request=request)
    with pytest.raises(SignatureRefused, match="Слишком много"):
        sign(user=trainee, secret=PASSWORD, meaning="m", target=target, request=request)
    assert not Signature.objects.exists()
