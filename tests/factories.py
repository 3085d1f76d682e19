"""Factories for the model objects tests build (factory-boy): people, organisations, memberships, consent,
enrolments. Pages come from the demo site or `tests/courses/conftest.build_course`."""

import factory
from allauth.account.models import EmailAddress
from factory.django import DjangoModelFactory

PASSWORD = "correct-horse-battery-9"


class UserFactory(DjangoModelFactory):
    """A person who can sign in (password `PASSWORD`); email verified unless `verified=False`."""

    class Meta:
        model = "people.User"
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n:04d}@example.org")
    full_name = "Анна Смирнова"

    @classmethod
    def _create(cls, model_class, *args, password=PASSWORD, **kwargs):
        return model_class.objects.create_user(*args, password=password, **kwargs)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        """`UserFactory(verified=False)`: the email address is not confirmed yet."""
        if create:
            verified = True if extracted is None else bool(extracted)
            EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = "people.Organization"
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"organisation-{n:04d}")
    kind = "employer"
    name_ru = factory.Sequence(lambda n: f"Организация {n:04d}")
    name_en = factory.Sequence(lambda n: f"Organisation {n:04d}")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = "people.Membership"

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "hr"


class EmployerConsentFactory(DjangoModelFactory):
    class Meta:
        model = "employers.EmployerConsent"

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)


class EnrolmentFactory(DjangoModelFactory):
    """An enrolment in `course` (any language version: the course's translation key is stored)."""

    class Meta:
        model = "learning.Enrolment"
        exclude = ("course",)

    user = factory.SubFactory(UserFactory)
    course = None
    course_key = factory.LazyAttribute(lambda o: o.course.translation_key)


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the authenticator-app secret `with_totp` gives


def with_totp(user, secret: str = TOTP_SECRET):
    """Give `user` an active authenticator app (allauth.mfa TOTP) with `secret`, as activation does; the
    admin and organisation screens ask this of privileged people (people.mfa). Returns the user."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    return user


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app with `secret` shows now."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
