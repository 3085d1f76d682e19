"""The verification cache: a verified certificate record per code, for the API and the verify page (ADR 0019).

What is cached is what does not depend on the moment or the reader: the certificate's stored fields, its
successor's code, the result of the signature check (the costly part) and the course's major versions. Status,
expiry and the retraining date are computed at request time from it, so validity is never stale; the title
follows the reader's language.

Freshness, without trusting timing:

- Every change to a certificate drops its entry after the transaction commits (the `post_save` /
  `post_delete` receivers below, and `store_pdf`, which updates the row without `save()`).
- An entry is tagged with two tokens read *before* the database: the code's token and the generation. A
  change sets a new code token after commit, so an entry a concurrent reader built from the old row (read
  before the commit, written after the drop) carries the old token and is never served.
- A change to the signing keys (rotation, a key added or removed) or to a course version (a major revision)
  sets a new generation: every entry goes.
- Misses are not cached, so unknown codes cannot fill the cache (it holds at most one entry per certificate).
- Entries live `VERIFY_CACHE_SECONDS` at most (0 turns the cache off); a row edited in the database behind
  the application's back (no `save()`) shows as altered after that at the latest.

The API's finished answers are kept by each process (`certificates.middleware`), marked with the two tokens
of the record they were built from (`Verified.stamp`); `current_stamp` tells whether one is still current.

Everything here is plain get/set/add/delete on the cache alias `verification` when settings define it, else
`default`, so it works the same on locmem, files and Redis.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from .models import Certificate

GENERATION_KEY = "certificates:verify:generation"


def verification_cache():
    return caches["verification" if "verification" in settings.CACHES else "default"]


def _token_key(code: str) -> str:
    return f"certificates:verify:token:{code}"


def _entry_key(code: str) -> str:
    return f"certificates:verify:entry:{code}"


def _new_token() -> str:
    return uuid.uuid4().hex


def _timeout() -> int:
    return int(getattr(settings, "VERIFY_CACHE_SECONDS", 3600))


@dataclass(frozen=True)
class Verified:
    """A certificate (rebuilt from the cache or read from the database) with its signature check."""

    certificate: Certificate
    signature_ok: bool
    altered: tuple[str, ...]
    versions: tuple = ()  # the course's major versions (courses' CourseVersion), for the retraining date
    cached: bool = False
    # (generation, code token) as read before the database; an answer built from this record is kept
    # under them (`certificates.middleware`), so a change after the read makes it stale. None: cache off.
    stamp: tuple[str, str] | None = None


def _fields(certificate: Certificate) -> dict:
    values = {}
    for field in Certificate._meta.concrete_fields:
        value = getattr(certificate, field.attname)
        values[field.attname] = value.name if field.attname == "pdf" else value
    return values


def _rebuild(entry: dict) -> Certificate:
    """The certificate as it was read, without a query; its successor is a stub holding the code."""
    fields = entry["fields"]
    certificate = Certificate.from_db("default", list(fields), list(fields.values()))
    if entry["successor"]:
        certificate.superseded_by = Certificate(pk=fields["superseded_by_id"], code=entry["successor"])
    return certificate


def _tokens(code: str, cache, known: dict) -> tuple[str, str]:
    """The generation and the code's token, made when missing (a missing token never matches an entry)."""
    found = []
    for key in (GENERATION_KEY, _token_key(code)):
        token = known.get(key)
        if token is None:
            fresh = _new_token()
            token = fresh if cache.add(key, fresh, timeout=None) else cache.get(key, fresh)
        found.append(token)
    return found[0], found[1]


def cached_verification(code: str, load) -> Verified | None:
    """The verified certificate for a normalised `code`: from the cache, else `load(code)` and remember it.

    `load` returns a `Verified` or None (unknown code: not remembered).
    """
    timeout = _timeout()
    if timeout <= 0:
        return load(code)
    cache = verification_cache()
    got = cache.get_many([GENERATION_KEY, _token_key(code), _entry_key(code)])
    entry = got.get(_entry_key(code))
    if (
        entry is not None
        and got.get(GENERATION_KEY) is not None
        and entry["generation"] == got.get(GENERATION_KEY)
        and entry["token"] == got.get(_token_key(code))
    ):
        signature = (entry["signature_ok"], tuple(entry["altered"]), tuple(entry["versions"]))
        stamp = (entry["generation"], entry["token"])
        return Verified(_rebuild(entry), *signature, cached=True, stamp=stamp)
    generation, token = _tokens(code, cache, got)  # read before the database, so a later change wins
    verified = load(code)
    if verified is not None:
        certificate = verified.certificate
        successor = certificate.superseded_by.code if certificate.superseded_by_id else None
        cache.set(
            _entry_key(code),
            {
                "generation": generation,
                "token": token,
                "fields": _fields(certificate),
                "successor": successor,
                "signature_ok": verified.signature_ok,
                "altered": list(verified.altered),
                "versions": list(verified.versions),
            },
            timeout=timeout,
        )
        verified = replace(verified, stamp=(generation, token))
    return verified


def current_stamp(code: str) -> tuple[str, str] | None:
    """The generation and the token of a normalised `code` as they are now (None when either is missing, or
    the cache is off): an answer built under another stamp is out of date (ADR 0024)."""
    if _timeout() <= 0:
        return None
    token_key = _token_key(code)
    got = verification_cache().get_many([GENERATION_KEY, token_key])
    generation, token = got.get(GENERATION_KEY), got.get(token_key)
    if generation is None or token is None:
        return None
    return generation, token


def _drop(code: str) -> None:
    cache = verification_cache()
    cache.set(_token_key(code), _new_token(), timeout=None)
    cache.delete(_entry_key(code))


def forget(*codes: str) -> None:
    """Drop these certificates' entries once the current transaction commits (now, outside one)."""
    wanted = [code for code in codes if code]
    if wanted:
        transaction.on_commit(lambda: [_drop(code) for code in wanted])


def forget_all() -> None:
    """Drop every entry once the current transaction commits (the signing keys or course versions changed)."""
    transaction.on_commit(lambda: verification_cache().set(GENERATION_KEY, _new_token(), timeout=None))


def certificate_changed(sender, instance, **kwargs) -> None:
    """`post_save` / `post_delete` of a certificate: its entry goes."""
    forget(instance.code)


def certificate_deleting(sender, instance, **kwargs) -> None:
    """`pre_delete`: the certificates it superseded name it as their successor (the database then clears
    the link without `save()`), so their entries go too."""
    forget(*Certificate.objects.filter(superseded_by_id=instance.pk).values_list("code", flat=True))


def keys_or_versions_changed(sender, instance, **kwargs) -> None:
    """`post_save` / `post_delete` of a signing key (rotation adds one) or of a course version (a major
    revision sets a retraining date on earlier certificates): every entry goes. Both are rare."""
    forget_all()
