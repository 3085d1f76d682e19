"""An employer checks a certificate PDF by uploading it: the signed original passes, a tampered copy fails."""

from playwright.sync_api import expect

from certificates.models import Certificate
from certificates.tasks import signed_pdf


def test_upload_a_signed_pdf_and_a_tampered_copy(session_factory, tmp_path):
    certificate = Certificate.objects.filter(revoked_at__isnull=True, superseded_at__isnull=True).first()
    assert certificate is not None, "the demo issues certificates"
    original = tmp_path / f"certificate-{certificate.code}.pdf"
    original.write_bytes(signed_pdf(certificate))
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(original.read_bytes() + b"%")  # one byte after the signature
    shots = []

    s = session_factory()
    s.goto("/verify/")
    s.page.locator("[data-upload-link]").click()
    expect(s.page.locator("h1")).to_be_visible()
    s.page.locator("input[type=file][name=file]").set_input_files(str(original))
    s.page.locator("form.verify-form button[type=submit]").click()
    result = s.page.locator("[data-upload-result]")
    expect(result).to_have_attribute("data-ok", "true")
    checks = result.locator("[data-check]")
    expect(checks).to_have_count(12)
    expect(result.locator("[data-check-ok=true]")).to_have_count(12)
    expect(result.locator("[data-check=signer]")).to_be_visible()
    expect(result.get_by_role("link", name=certificate.code)).to_be_visible()
    shots.append(tmp_path / "01-signed-pdf-passes.png")
    s.page.screenshot(path=str(shots[-1]), full_page=True)

    s.page.locator("input[type=file][name=file]").set_input_files(str(tampered))
    s.page.locator("form.verify-form button[type=submit]").click()
    expect(result).to_have_attribute("data-ok", "false")
    expect(result.locator("[data-check=coverage]")).to_have_attribute("data-check-ok", "false")
    expect(result.locator("[data-check=signature]")).to_have_attribute("data-check-ok", "true")
    expect(result.locator(".verdict")).to_contain_text("✗")
    shots.append(tmp_path / "02-tampered-pdf-fails.png")
    s.page.screenshot(path=str(shots[-1]), full_page=True)

    # The same page in English, on a phone-sized screen.
    phone = session_factory("phone", viewport={"width": 390, "height": 844})
    phone.goto("/verify/upload/?lang=en")
    phone.page.locator("input[type=file][name=file]").set_input_files(str(original))
    phone.page.get_by_role("button", name="Check the file").click()
    expect(phone.page.locator("[data-upload-result]")).to_have_attribute("data-ok", "true")
    expect(phone.page.locator("[data-verdict]")).to_contain_text("Every check passed")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    shots.append(tmp_path / "03-phone-english.png")
    phone.page.screenshot(path=str(shots[-1]), full_page=True)

    assert not s.outside_requests() and not phone.outside_requests()
    for path in shots:
        print(f"screenshot: {path}")
