"""Writing and checking the audit trail. Every app records through `record` (re-exported by `audit.api`)."""

from __future__ import annotations

import json
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import AuditEntry, AuditHead

GENESIS = "0" * 64

# The person behind the current request (set by audit.middleware), for events raised by signals.
current_actor: ContextVar = ContextVar("audit_actor", default=None)
SYSTEM = object()  # pass as `actor` for what the platform does by itself (an attempt closed at its deadline)


def _plain(value):
    """JSON as the database will give it back (dates and decimals as text), so the hash survives storage."""
    return None if value is None else json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _actor(actor):
    if actor is SYSTEM:
        return None, "system"
    actor = actor if actor is not None else current_actor.get()
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, ""
    return actor.pk, getattr(actor, "email", "") or str(actor)


def record(
    action: str,
    *,
    actor=None,
    target=None,
    organization=None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEntry:
    """Append one event to the chain, in the caller's transaction (if it rolls back, so does the entry).

    `actor` defaults to the person of the current request; `target` is the model instance acted on;
    `organization` (an instance or an id) scopes the entry to that organisation's audit screen.
    """
    [entry] = record_many(
        action,
        [{"target": target, "before": before, "after": after}],
        actor=actor,
        organization=organization,
        reason=reason,
    )
    return entry


def record_many(
    action: str, events: list[dict], *, actor=None, organization=None, reason: str = ""
) -> list[AuditEntry]:
    """Append one event per item of `events` (each a dict of `target`, `before`, `after`), in order, with
    one lock of the chain's head and one insert: an import of 2 000 questions is 2 000 entries, not
    10 000 queries. Same transaction rule as `record`.
    """
    if not events:
        return []
    actor_id, actor_label = _actor(actor)
    organization_id = getattr(organization, "pk", organization)
    with transaction.atomic():
        # Taking the head's row first locks it (PostgreSQL) or the database (SQLite) until commit, so two
        # writers can never chain onto the same previous entry.
        if not AuditHead.objects.filter(pk=1).update(length=F("length") + len(events)):
            AuditHead.objects.create(pk=1, length=len(events))
        previous = AuditHead.objects.get(pk=1).last_hash
        now = timezone.now()
        entries = []
        for event in events:
            target = event.get("target")
            entry = AuditEntry(
                at=now,
                actor_id=actor_id,
                actor=actor_label[:254],
                action=action,
                object_type=target._meta.label if target is not None else "",
                object_id=str(target.pk) if target is not None and target.pk is not None else "",
                object_repr=str(target)[:300] if target is not None else "",
                organization_id=organization_id,
                before=_plain(event.get("before")),
                after=_plain(event.get("after")),
                reason=reason[:300],
                prev_hash=previous,
            )
            entry.hash = previous = entry.compute_hash()
            entries.append(entry)
        if len(entries) == 1:
            entries[0].save(force_insert=True)
        else:
            AuditEntry.objects.bulk_create(entries, batch_size=500)
        AuditHead.objects.filter(pk=1).update(last_hash=previous)
    return entries


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    message: str
    broken_id: int | None = None


def verify_chain() -> ChainCheck:
    """Walk the chain from the first entry; report the first one that does not follow from the one before."""
    previous = GENESIS
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != previous:
            return ChainCheck(
                False,
                checked,
                f"entry #{entry.pk} ({entry.action}, {entry.at:%Y-%m-%d %H:%M:%S}) does not follow the entry "
                "before it: an entry was removed or its hash rewritten",
                entry.pk,
            )
        if entry.compute_hash() != entry.hash:
            return ChainCheck(
                False,
                checked,
                f"entry #{entry.pk} ({entry.action}, {entry.at:%Y-%m-%d %H:%M:%S}) was altered: "
                "its content does not match its hash",
                entry.pk,
            )
        previous = entry.hash
        checked += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != previous or head.length != checked):
        return ChainCheck(
            False,
            checked,
            f"the newest entries were removed: the chain ends after {checked} of {head.length}",
        )
    return ChainCheck(True, checked, f"OK: {checked} entries, chain intact")


def entries_of_organization(organization_id: int):
    """The entries scoped to one organisation, newest first (its own audit page)."""
    return AuditEntry.objects.filter(organization_id=organization_id).order_by("-id")
