"""Ed25519 signing of certificate claims as a compact JWS (RFC 7515, RFC 8037), with a `kid`.

The private key comes from `CERTIFICATE_SIGNING_KEY` (PEM text) or the file `CERTIFICATE_SIGNING_KEY_FILE`;
in development the file is created under var/ on first use. Every public key ever used is kept in
SigningKey and published at /.well-known/jwks.json, so old certificates stay verifiable after rotation.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .models import SigningKey


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk(private_key: Ed25519PrivateKey) -> dict:
    raw = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": _b64(raw)}


def thumbprint(jwk: dict) -> str:
    """RFC 7638 JWK thumbprint, used as the key id."""
    canonical = json.dumps({k: jwk[k] for k in ("crv", "kty", "x")}, separators=(",", ":"), sort_keys=True)
    return _b64(hashlib.sha256(canonical.encode()).digest())


def write_key_file(path: Path, content: bytes) -> None:
    """Write a new key file (mode 0600, never overwritten). Written whole under a temporary name, then linked
    into place: a process creating it at the same time never reads half a key, and the one that loses the
    race raises FileExistsError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def generate_key_file(path: Path) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    write_key_file(
        path,
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
    )
    return key


def _load_private_key() -> Ed25519PrivateKey:
    pem = getattr(settings, "CERTIFICATE_SIGNING_KEY", "")
    if pem:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
    else:
        path = Path(settings.CERTIFICATE_SIGNING_KEY_FILE)
        if not path.exists():
            if not getattr(settings, "CERTIFICATE_KEY_AUTOCREATE", False):
                raise ImproperlyConfigured(
                    f"No certificate signing key: set CERTIFICATE_SIGNING_KEY or create {path} "
                    "(manage.py rotate_signing_key --output PATH)."
                )
            try:
                return generate_key_file(path)
            except FileExistsError:  # another process made it first: use theirs
                pass
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("The certificate signing key must be an Ed25519 private key.")
    return key


@lru_cache(maxsize=1)
def _cached_private_key() -> tuple[Ed25519PrivateKey, str, dict]:
    key = _load_private_key()
    jwk = public_jwk(key)
    return key, thumbprint(jwk), jwk


def current_key() -> tuple[Ed25519PrivateKey, str]:
    """The signing key and its id; its public half is registered (published) before it signs anything."""
    key, kid, jwk = _cached_private_key()
    SigningKey.objects.get_or_create(kid=kid, defaults={"public_jwk": jwk})
    return key, kid


def sign(claims: dict) -> tuple[str, str]:
    key, kid = current_key()
    token = jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": kid, "typ": "JWT"})
    return token, kid


def sign_detached(payload: bytes) -> str:
    """A detached JWS (RFC 7515 Appendix F) over `payload`, exactly these bytes: `header..signature`.

    The header is {"alg": "EdDSA", "kid": ..., "typ": "JOSE", "cty": "json"}; `b64` stays true, so the signing
    input is `BASE64URL(header) + "." + BASE64URL(payload)`, as for any compact JWS. Put the payload back
    between the dots to check it with any JOSE library against /.well-known/jwks.json.
    """
    key, kid = current_key()
    header = {"alg": "EdDSA", "kid": kid, "typ": "JOSE", "cty": "json"}
    protected = _b64(json.dumps(header, separators=(",", ":"), sort_keys=True).encode())
    signature = key.sign(f"{protected}.{_b64(payload)}".encode("ascii"))
    return f"{protected}..{_b64(signature)}"


def jwks() -> dict:
    return {
        "keys": [
            {**key.public_jwk, "kid": key.kid, "alg": "EdDSA", "use": "sig"}
            for key in SigningKey.objects.order_by("created_at")
        ]
    }


class SignatureCheck:
    def __init__(self, ok: bool, kid: str = "", claims: dict | None = None):
        self.ok = ok
        self.kid = kid
        self.claims = claims or {}


def verify(token: str) -> SignatureCheck:
    """Check a certificate's JWS against the published keys (what any JOSE library can do).

    `claims` is the signed payload when the signature checks out.
    """
    try:
        kid = jwt.get_unverified_header(token).get("kid", "")
        key = SigningKey.objects.filter(kid=kid).first()
        if key is None:
            return SignatureCheck(False, kid)
        claims = jwt.decode(
            token,
            jwt.PyJWK({**key.public_jwk, "kid": kid}).key,
            algorithms=["EdDSA"],
            options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
        )
    except (jwt.PyJWTError, ValueError, TypeError):
        return SignatureCheck(False)
    return SignatureCheck(True, kid, claims)


def altered_claims(signed: dict, current: dict, prefix: str = "") -> list[str]:
    """The claims whose stored value differs from what was signed (dotted names, e.g. `holder.name`).

    Only what the signature covers is compared: a certificate signed before a claim was added is not
    reported for that claim.
    """
    altered = []
    for name, value in signed.items():
        mine = current.get(name) if isinstance(current, dict) else None
        if isinstance(value, dict) and isinstance(mine, dict):
            altered += altered_claims(value, mine, f"{prefix}{name}.")
        elif value != mine and not _same_number(value, mine):
            altered.append(f"{prefix}{name}")
    return altered


def _same_number(signed, current) -> bool:
    """'12' and '12.0' are the same number of hours (the database pads decimals to their places)."""
    try:
        return isinstance(signed, str) and isinstance(current, str) and Decimal(signed) == Decimal(current)
    except (InvalidOperation, ValueError):
        return False
