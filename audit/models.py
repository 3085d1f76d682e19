"""The audit trail: one append-only, hash-chained log of security- and GMP-relevant events.

Each entry stores who (an id and a printed label, not a foreign key: deleting a user must not rewrite the
evidence), when, what was done to which object, the state before and after, the reason, and the hash of
the previous entry. `hash` is a SHA-256 over all of that, so editing or deleting any entry breaks the
chain at that point (`manage.py verify_audit_log`).
"""

from __future__ import annotations

import hashlib
import json

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnly(Exception):
    """Audit entries are never changed or deleted by the application."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("audit entries cannot be changed")

    def delete(self):
        raise AppendOnly("audit entries cannot be deleted")

    def visible_to(self, user):
        """Superusers see every entry; an organisation's administrators see that organisation's entries."""
        if user.is_superuser:
            return self
        from django.apps import apps

        membership = apps.get_model("people", "Membership")
        mine = membership.objects.filter(user=user, role=membership.ADMIN).values("organization_id")
        return self.filter(organization_id__in=mine)


class AuditEntry(models.Model):
    """One event. Written only by `audit.api.record`; never edited."""

    at = models.DateTimeField(_("time"), db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True)
    actor = models.CharField(_("actor"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=50, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    organization_id = models.BigIntegerField(_("organisation id"), null=True, blank=True, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("audit entries cannot be deleted")

    def content(self) -> dict:
        """Everything the hash covers."""
        return {
            "at": self.at.isoformat(),
            "actor_id": self.actor_id,
            "actor": self.actor,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object": self.object_repr,
            "organization_id": self.organization_id,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "prev": self.prev_hash,
        }

    def compute_hash(self) -> str:
        text = json.dumps(self.content(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


class AuditHead(models.Model):
    """The chain's head: the newest entry's hash and the length. Its row lock serialises appends."""

    length = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"{self.length} entries, last {self.last_hash[:12]}…"
