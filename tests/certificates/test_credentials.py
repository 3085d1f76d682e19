"""Open Badges 3.0 credentials: did:web, eddsa-rdfc-2022 proofs, the Bitstring Status List (ADR 0021).

The proofs are checked twice: by our `verify_credential` and by an independent implementation, Digital
Bazaar's W3C libraries under Node.js (tests/vc_verifier/verify.mjs, installed by `make test` with `npm ci`),
fed the same pinned contexts, our DID document and our status list credentials, without network.
"""

import base64
import copy
import gzip
import hashlib
import io
import json
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest
from django.core.cache import cache
from django.core.management import call_command
from pyld import jsonld

from certificates import signing
from certificates.credentials import (
    JSONLD_DIR,
    PINNED_CONTEXTS,
    STATUS_LIST_SIZE,
    b58decode,
    bit_at,
    canonical,
    credential_for,
    did_document,
    encode_bits,
    platform_did,
    status_list,
    verify_credential,
)
from certificates.models import Certificate, StatusList
from certificates.services import issue_certificate, reissue_certificate

VERIFIER = Path(__file__).resolve().parent.parent / "vc_verifier"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


@pytest.fixture
def certificate(trainee, demo_course):
    return issue_certificate(user=trainee, course=demo_course).certificate


def independent(document: dict, tmp_path, *, status_lists: dict | None = None) -> dict:
    """Digital Bazaar's verifier (Node.js) over the same pinned contexts, our DID document and status list."""
    if status_lists is None:
        url = document["credentialStatus"]["statusListCredential"]
        status_lists = {url: status_list(int(url.rsplit("/", 1)[1]))}
    source = tmp_path / "input.json"
    source.write_text(
        json.dumps(
            {
                "credential": document,
                "didDocument": did_document(),
                "statusLists": status_lists,
                "contextsDir": str(JSONLD_DIR),
            }
        )
    )
    assert (VERIFIER / "node_modules").is_dir(), "run `npm ci --prefix tests/vc_verifier` (make test does)"
    node = shutil.which("node") or "/usr/bin/node"
    done = subprocess.run(  # noqa: S603 - our own script and file
        [node, str(VERIFIER / "verify.mjs"), str(source)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def checks(verdict) -> dict[str, bool]:
    return {check.name: check.ok for check in verdict.checks}


@pytest.mark.django_db
def test_a_fresh_credential_verifies_here_and_independently(certificate, tmp_path):
    document = credential_for(certificate)
    assert document["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["issuer"]["id"] == platform_did() == "did:web:testserver"
    assert document["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert document["proof"][0]["verificationMethod"] == f"did:web:testserver#{certificate.key_id}"
    subject = document["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"][0]["identityHash"] == "Анна Смирнова"
    achievement = subject["achievement"]
    assert (
        achievement["name"] == certificate.course_title_ru
        and achievement["version"] == certificate.course_version
    )
    assert achievement["creator"]["name"] == "Демонстрационный университет клеточных технологий"
    assert {alignment["targetCode"] for alignment in achievement["alignment"]} >= {"operator", "qc"}
    assert achievement["criteria"]["narrative"]
    assert document["validUntil"].startswith(str(certificate.expires_at.year))

    verdict = verify_credential(document)
    assert verdict.ok, verdict.checks
    assert verdict.certificate_code == certificate.code and verdict.status == Certificate.VALID
    assert set(checks(verdict)) == {"format", "issuer", "proof", "dates", "certificate", "status"}
    assert all(check.message for check in verdict.checks)

    result = independent(document, tmp_path)
    assert result == {
        "verified": True,
        "error": "",
        "status": [{"statusPurpose": "revocation", "index": certificate.pk - 1, "set": False}],
    }


@pytest.mark.django_db
def test_the_english_variant_names_the_holder_in_latin_letters_and_verifies(trainee, demo_course, tmp_path):
    trainee.latin_name = "Anna Smirnova"
    trainee.save()
    certificate = issue_certificate(user=trainee, course=demo_course).certificate
    english = credential_for(certificate, "en")
    assert english["credentialSubject"]["identifier"][0]["identityHash"] == "Anna Smirnova"
    assert english["name"] == certificate.course_title_en
    assert english["credentialSubject"]["achievement"]["inLanguage"] == "en"
    assert english["id"].endswith("credential.json?lang=en")
    assert (
        credential_for(certificate)["credentialSubject"]["identifier"][0]["identityHash"] == "Анна Смирнова"
    )
    assert verify_credential(english).ok
    assert independent(english, tmp_path)["verified"] is True


def _set(document: dict, path: str, value) -> dict:
    changed = copy.deepcopy(document)
    target = changed
    *parents, last = path.split(".")
    for name in parents:
        target = target[int(name)] if isinstance(target, list) else target[name]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return changed


CHANGES = [
    ("credentialSubject.identifier.0.identityHash", "Иван Подменов"),
    ("credentialSubject.achievement.name", "Другой курс"),
    ("credentialSubject.achievement.version", "9.9"),
    ("credentialSubject.achievement.creator.name", "Другая организация"),
    ("credentialSubject.creditsEarned", 99.0),
    ("validUntil", "2099-01-01T00:00:00Z"),
    ("validFrom", "2020-01-01T00:00:00Z"),
    ("credentialStatus.statusListIndex", "7"),
    ("issuer.name", "Someone else"),
]


@pytest.mark.django_db
def test_changing_any_claim_breaks_the_proof_here_and_independently(certificate, tmp_path):
    document = credential_for(certificate)
    for path, value in CHANGES:
        changed = _set(document, path, value)
        assert changed != document
        verdict = verify_credential(changed)
        assert not verdict.ok and checks(verdict)["proof"] is False, path
        result = independent(changed, tmp_path)
        assert result["verified"] is False, path


@pytest.mark.django_db
def test_a_term_no_context_defines_is_refused(certificate, tmp_path):
    """RDF canonicalisation drops undefined terms, so the proof alone would not see them: our check compares
    the file with the issued credential; Digital Bazaar's (JSON-LD safe mode) refuses them itself."""
    document = credential_for(certificate)
    added = {**document, "holderNote": "Допущен без экзамена"}
    verdict = verify_credential(added)
    assert not verdict.ok and checks(verdict)["certificate"] is False
    assert independent(added, tmp_path)["verified"] is False


@pytest.mark.django_db
def test_a_forged_proof_or_a_foreign_key_is_refused(certificate):
    document = credential_for(certificate)
    (proof,) = document["proof"]
    flipped = (
        proof["proofValue"][:-2] + ("1" if proof["proofValue"][-2] != "1" else "2") + proof["proofValue"][-1]
    )
    assert (
        checks(verify_credential({**document, "proof": [{**proof, "proofValue": flipped}]}))["proof"] is False
    )
    foreign = {**proof, "verificationMethod": "did:web:evil.example#" + certificate.key_id}
    assert checks(verify_credential({**document, "proof": [foreign]}))["proof"] is False
    other_issuer = {**document, "issuer": {**document["issuer"], "id": "did:web:evil.example"}}
    verdict = verify_credential(other_issuer)
    assert checks(verdict)["issuer"] is False and checks(verdict)["proof"] is False and not verdict.ok
    assert not verify_credential({**document, "proof": None}).ok
    assert not verify_credential("not a credential").ok  # type: ignore[arg-type]


@pytest.mark.django_db
def test_only_pinned_contexts_are_loaded(certificate):
    document = credential_for(certificate)
    extra = {**document, "@context": [*document["@context"], "https://example.org/evil-context.jsonld"]}
    verdict = verify_credential(extra)
    assert checks(verdict)["format"] is False and checks(verdict)["proof"] is False
    with pytest.raises(jsonld.JsonLdError):
        canonical(extra)  # the loader refuses, it does not fetch
    assert set(PINNED_CONTEXTS) == {
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://w3id.org/security/multikey/v1",
    }


def test_pinned_files_match_the_readme():
    readme = (JSONLD_DIR / "README.md").read_text()
    files = [*PINNED_CONTEXTS.values(), "ob_v3p0_achievementcredential_schema.json"]
    for name in files:
        digest = hashlib.sha256((JSONLD_DIR / name).read_bytes()).hexdigest()
        assert re.search(rf"\| {re.escape(name)} \|.*\| {digest} \|", readme), name


@pytest.mark.django_db
def test_the_credential_follows_the_open_badges_json_schema(trainee, demo_course):
    schema = json.loads((JSONLD_DIR / "ob_v3p0_achievementcredential_schema.json").read_text())
    validator = jsonschema.Draft201909Validator(schema)
    certificate = issue_certificate(user=trainee, course=demo_course).certificate
    for language in ("ru", "en"):
        document = credential_for(certificate, language)
        errors = list(validator.iter_errors(document))  # as issued: `proof` is the list the schema wants
        assert errors == [], [error.message for error in errors]
    broken = {**credential_for(certificate), "validFrom": 5}
    del broken["credentialSubject"]["achievement"]["criteria"]
    assert len(list(validator.iter_errors(broken))) >= 1


@pytest.mark.django_db
def test_the_credential_is_signed_after_issuance_stored_once_and_never_rewritten(
    trainee, demo_course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue_certificate(user=trainee, course=demo_course).certificate
    certificate.refresh_from_db()
    assert set(certificate.credentials) == {"ru", "en"}  # signed by the task after the commit
    first = credential_for(certificate)
    assert first["proof"][0]["created"] == first["validFrom"]  # dated the issuance
    assert certificate.credentials["ru"] == first
    assert credential_for(Certificate.objects.get(pk=certificate.pk)) == first
    # A certificate issued before credentials existed gets them on first request, then keeps them.
    Certificate.objects.filter(pk=certificate.pk).update(credentials=None)
    lazy = Certificate.objects.get(pk=certificate.pk)
    made = credential_for(lazy)
    assert verify_credential(made).ok
    assert credential_for(Certificate.objects.get(pk=certificate.pk)) == made


@pytest.mark.django_db
def test_revocation_sets_the_status_bit_read_independently(
    certificate, tmp_path, django_capture_on_commit_callbacks
):
    document = credential_for(certificate)
    index = int(document["credentialStatus"]["statusListIndex"])
    with django_capture_on_commit_callbacks(execute=True):
        certificate.revoke(reason="error")
    listed = status_list(1)
    assert bit_at(listed["credentialSubject"]["encodedList"], index) is True
    verdict = verify_credential(document)
    assert checks(verdict) == {
        "format": True,
        "issuer": True,
        "proof": True,
        "dates": True,
        "certificate": True,
        "status": False,
    }
    assert not verdict.ok and verdict.status == Certificate.REVOKED
    result = independent(document, tmp_path)
    assert result["status"] == [{"statusPurpose": "revocation", "index": index, "set": True}]
    # Checked offline (no status): the proof still holds, and the verdict says the status was not checked.
    offline = verify_credential(document, check_status=False)
    assert offline.ok and checks(offline)["status"] is True


@pytest.mark.django_db
def test_a_tampered_status_list_is_refused(certificate, tmp_path, django_capture_on_commit_callbacks):
    document = credential_for(certificate)
    with django_capture_on_commit_callbacks(execute=True):
        certificate.revoke(reason="error")
    listed = status_list(1)
    cleared = _set(listed, "credentialSubject.encodedList", encode_bits([]))
    StatusList.objects.filter(number=1).update(credential=cleared)
    assert checks(verify_credential(document))["status"] is False
    url = document["credentialStatus"]["statusListCredential"]
    assert independent(document, tmp_path, status_lists={url: cleared})["verified"] is False


@pytest.mark.django_db
def test_reissue_makes_a_new_credential_and_the_old_one_is_superseded(
    certificate, trainee, tmp_path, django_capture_on_commit_callbacks
):
    old = credential_for(certificate)
    trainee.full_name = "Анна Петрова"
    trainee.save()
    with django_capture_on_commit_callbacks(execute=True):
        new_certificate = reissue_certificate(certificate=certificate)
    new = credential_for(new_certificate)
    assert new["id"] != old["id"]
    assert new["credentialSubject"]["identifier"][0]["identityHash"] == "Анна Петрова"
    assert new["credentialStatus"]["statusListIndex"] != old["credentialStatus"]["statusListIndex"]
    assert verify_credential(new).ok
    old_verdict = verify_credential(old)
    assert checks(old_verdict)["proof"] is True and checks(old_verdict)["status"] is False
    assert old_verdict.status == Certificate.SUPERSEDED
    assert independent(old, tmp_path)["status"][0]["set"] is True
    assert independent(new, tmp_path)["status"][0]["set"] is False


@pytest.mark.django_db
def test_after_a_key_rotation_old_credentials_still_verify(
    certificate, make_user, demo_course, tmp_path, settings, client
):
    old = credential_for(certificate)
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(tmp_path / "signing.pem")
    signing._cached_private_key.cache_clear()
    try:
        call_command("rotate_signing_key", stdout=io.StringIO())
        newer = issue_certificate(user=make_user(email="second@example.org"), course=demo_course).certificate
        new = credential_for(newer)
        assert new["proof"][0]["verificationMethod"] != old["proof"][0]["verificationMethod"]
        did = client.get("/.well-known/did.json").json()
        methods = [method["id"] for method in did["verificationMethod"]]
        assert (
            old["proof"][0]["verificationMethod"] in methods
            and new["proof"][0]["verificationMethod"] in methods
        )
        assert did["assertionMethod"] == methods
        for document in (old, new):
            assert verify_credential(document).ok
            assert independent(document, tmp_path)["verified"] is True
    finally:
        signing._cached_private_key.cache_clear()


@pytest.mark.django_db
def test_validity_dates_are_checked(certificate):
    document = credential_for(certificate)
    later = certificate.expires_at + timedelta(days=1)
    assert checks(verify_credential(document, now=later))["dates"] is False
    before = certificate.issued_at - timedelta(days=1)
    assert checks(verify_credential(document, now=before))["dates"] is False
    assert checks(verify_credential(document, now=certificate.issued_at + timedelta(days=1)))["dates"] is True


@pytest.mark.django_db
def test_the_did_document_lists_every_key_as_multikey(certificate, client, settings):
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/did+ld+json"
    did = response.json()
    assert did["id"] == "did:web:testserver" and did["@context"][0] == "https://www.w3.org/ns/did/v1"
    (method,) = did["verificationMethod"]
    assert method["type"] == "Multikey" and method["controller"] == did["id"]
    raw = b58decode(method["publicKeyMultibase"][1:])
    jwk_x = signing.jwks()["keys"][0]["x"]
    assert method["publicKeyMultibase"].startswith("z6Mk") and raw[:2] == b"\xed\x01"
    assert base64.urlsafe_b64encode(raw[2:]).rstrip(b"=").decode() == jwk_x
    settings.SITE_URL = "https://academy.example.org:8443"
    assert platform_did() == "did:web:academy.example.org%3A8443"


@pytest.mark.django_db
def test_the_status_list_credential_is_public_and_long_enough(certificate, client):
    response = client.get("/credentials/status/revocation/1")
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+ld+json"
    document = response.json()
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["credentialSubject"]["statusPurpose"] == "revocation"
    encoded = document["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) * 8 == STATUS_LIST_SIZE >= 131_072
    # The bits set are exactly the revoked and superseded certificates (the demo data holds some).
    voided = {c.pk - 1 for c in Certificate.objects.all() if c.revoked_at or c.superseded_at}
    assert certificate.pk - 1 not in voided
    assert {i for i in range(len(bits) * 8) if bits[i // 8] & (0x80 >> (i % 8))} == voided
    assert client.get("/credentials/status/revocation/999").status_code == 404
    assert client.get("/credentials/status/suspension/1").status_code == 404


@pytest.mark.django_db
def test_credential_download_and_api_field(certificate, client):
    response = client.get(f"/verify/{certificate.code}/credential.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+ld+json"
    assert (
        "attachment" in response["Content-Disposition"]
        and certificate.code in response["Content-Disposition"]
    )
    assert response.json() == credential_for(certificate)
    english = client.get(f"/verify/{certificate.code}/credential.json?lang=en").json()
    assert english["name"] == certificate.course_title_en
    missing = client.get("/verify/00000-00000-00000-00000-00000-0/credential.json")
    assert missing.status_code == 404 and missing.json() == {"status": "not_found"}
    record = client.get(f"/api/v1/certificates/{certificate.code}").json()
    assert record["status"] == "valid" and record["proof"]["jws"] == certificate.jws  # the old fields stay
    assert record["credential"] == credential_for(certificate)
    schema = client.get("/api/v1/openapi.json").json()
    assert "/verify/{code}/credential.json" in schema["paths"]
    assert "/credentials/status/{purpose}/{number}" in schema["paths"]
    assert "credential" in schema["paths"]["/api/v1/certificates/{code}"]["get"]["description"]


@pytest.mark.django_db
def test_the_dashboard_offers_the_wallet_download(certificate, client, trainee):
    client.force_login(trainee)
    page = client.get("/ru/dashboard/").content.decode()
    link = re.search(r'<a [^>]*href="([^"]+)"[^>]*data-credential[^>]*>([^<]+)</a>', page)
    assert link is not None
    assert link.group(1) == f"/verify/{certificate.code}/credential.json"
    assert "Open Badges" in link.group(2)
    english = client.get("/en/dashboard/").content.decode()
    assert f"/verify/{certificate.code}/credential.json?lang=en" in english


def test_bitstring_encoding_sets_the_first_bit_first():
    encoded = encode_bits([0, 9])
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert bits[0] == 0b1000_0000 and bits[1] == 0b0100_0000 and not any(bits[2:])
    assert bit_at(encoded, 0) and bit_at(encoded, 9) and not bit_at(encoded, 1)


@pytest.mark.django_db
def test_a_job_role_alignment_leads_to_the_catalog_filtered_to_that_role(certificate, client):
    alignment = credential_for(certificate)["credentialSubject"]["achievement"]["alignment"][0]
    path = alignment["targetUrl"].removeprefix("http://testserver")
    assert path == f"/ru/catalog/?role={alignment['targetCode']}"

    page = client.get(path, follow=True)

    assert page.status_code == 200
    assert page.redirect_chain[-1][0].endswith(f"?role={alignment['targetCode']}")
    assert page.context["selected"]["role"] == alignment["targetCode"]
    assert not page.context["notices"]
