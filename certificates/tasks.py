"""Background work for certificates (Django's task API through django_tasks: the database worker by
default, immediate in tests)."""

import json

from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from people.api import bump_learning_state

from .credentials import credential_for, issue_credentials
from .models import Certificate
from .pades import credential_file_name, embed_and_sign
from .pdf import data_for, render_certificate_pdf
from .reminders import send_renewal_reminders
from .verification import forget


def signed_pdf(certificate: Certificate) -> bytes:
    """The certificate's PDF with its credential embedded, signed (PAdES B-B; ADR 0022)."""
    credential = json.dumps(credential_for(certificate), ensure_ascii=False, indent=2).encode()
    return embed_and_sign(
        render_certificate_pdf(data_for(certificate)),
        credential=credential,
        file_name=credential_file_name(certificate.code),
    )


def store_pdf(certificate: Certificate) -> Certificate:
    content = signed_pdf(certificate)
    if certificate.pdf:
        certificate.pdf.delete(save=False)
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(content), save=False)
    Certificate.objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name)
    forget(certificate.code)  # an update() sends no post_save
    bump_learning_state(certificate.holder_id)  # nor do the holder's pages kept per person (ADR 0023)
    return certificate


@task()
def render_certificate(certificate_id: int) -> str:
    """Render and store the PDF of a certificate; returns the stored file's name."""
    return store_pdf(Certificate.objects.get(pk=certificate_id)).pdf.name


@task()
def sign_credentials(certificate_id: int) -> None:
    """Sign and store the certificate's Open Badges credentials (ADR 0021), dated its issuance. A request that
    comes first makes them itself (dated then); either way they are made once."""
    certificate = Certificate.objects.select_related("course").get(pk=certificate_id)
    issue_credentials(certificate, created=certificate.issued_at)


@task()
def email_certificate(certificate_id: int) -> None:
    """Tell the holder, in their language, that the certificate is ready."""
    from django.conf import settings

    certificate = Certificate.objects.select_related("holder").get(pk=certificate_id)
    holder = certificate.holder
    with translation.override(holder.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "certificate": certificate,
            "verify_url": f"{settings.SITE_URL}/verify/{certificate.code}/",
            "title": certificate.course_title(translation.get_language()),
        }
        subject = render_to_string("certificates/email/issued_subject.txt", context).strip()
        body = render_to_string("certificates/email/issued_message.txt", context)
    EmailMultiAlternatives(subject, body, to=[holder.email]).send()


@task()
def send_renewal_reminders_task() -> int:
    """The daily renewal reminders (scheduled in settings.SCHEDULED_TASKS); returns how many were sent."""
    return send_renewal_reminders()
