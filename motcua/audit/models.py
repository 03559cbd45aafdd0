"""Anchors of the dossiers' event chains: at intervals, the head (sequence number and hash) of every
chain that moved, so that deleting a chain's last events, all of them, or a whole chain rebuilt from
scratch no longer goes unnoticed (security review H3). Append-only, in a keyed chain of their own;
the newest anchor's hash is printed for the operator to keep off the machine."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier


class Anchor(models.Model):
    seq = models.PositiveIntegerField(_("number"), unique=True)
    at = models.DateTimeField(_("anchored at"))
    # Events with a greater id were not yet looked at (the next anchor starts a little before it).
    last_event_id = models.PositiveBigIntegerField()
    entries_count = models.PositiveIntegerField(_("chains"))
    # HMAC of the entries, sorted by dossier code: an entry edited, added or removed breaks it.
    entries_digest = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("chain anchor")
        verbose_name_plural = _("chain anchors")
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"


class AnchorEntry(models.Model):
    """One chain's head at the anchor: how many events it had and the hash of the last one, and a
    keyed digest of the dossier row's fields at that moment (its `row_digest`)."""

    anchor = models.ForeignKey(Anchor, on_delete=models.PROTECT, related_name="entries")
    # PROTECT: a dossier cannot be deleted without deleting its entries, which breaks the anchor.
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=64)
    length = models.PositiveIntegerField()
    head = models.CharField(max_length=64)
    row_digest = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["anchor", "dossier"], name="audit_anchor_entry_unique")
        ]
        indexes = [models.Index(fields=["dossier", "anchor"], name="audit_entry_dossier")]

    def __str__(self) -> str:
        return f"{self.code}#{self.length}"
