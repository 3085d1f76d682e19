"""Open Badges 3.0 credentials: did:web, eddsa-rdfc-2022 proofs, the Bitstring Status List (ADR 0021)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from certificates.credentials import JSONLD_DIR, credential_for, did_document, status_list, verify_credential
from certificates.services import issue_certificate

VERIFIER = Path(__file__).resolve().parent.parent / "vc_verifier"


@pytest.fixture
def certificate(trainee, demo_course):
    return issue_certificate(user=trainee, course=demo_course).certificate


def independent(document: dict, tmp_path, *, status_lists: dict | None = None) -> dict:
    """Digital Bazaar's verifier (Node.js) over the same pinned contexts, our DID document and status lists."""
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
    node = shutil.which("node") or "/usr/bin/node"
    done = subprocess.run(  # noqa: S603 - our own script
        [node, str(VERIFIER / "verify.mjs"), str(source)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.mark.django_db
def test_smoke(certificate, tmp_path):
    document = credential_for(certificate)
    result = independent(document, tmp_path)
    print(result)
    assert result["verified"]
