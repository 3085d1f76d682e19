"""Open Badges 3.0 credentials: did:web, eddsa-rdfc-2022 proofs, the Bitstring Status List (ADR 0021)."""

import pytest

from certificates.credentials import credential_for, verify_credential
from certificates.services import issue_certificate


@pytest.fixture
def certificate(trainee, demo_course):
    return issue_certificate(user=trainee, course=demo_course).certificate


@pytest.mark.django_db
def test_smoke(certificate):
    import json
    import time

    start = time.perf_counter()
    document = credential_for(certificate)
    print(time.perf_counter() - start)
    print(json.dumps(document, ensure_ascii=False, indent=1))
    start = time.perf_counter()
    verdict = verify_credential(document)
    print(time.perf_counter() - start)
    print(verdict)
    assert verdict.ok
