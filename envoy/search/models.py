"""What the search reads: one row per searchable record, its text, and the index over it.

``SearchDocument`` holds what results and facets need (small rows, so that facets over tens
of thousands of hits stay in the page cache); ``SearchText`` the text as indexed, for
snippets. The index itself is not a model: on SQLite an FTS5 table ``search_fts`` (rowid =
document id), on PostgreSQL a ``tsvector`` column ``search_searchtext.tsv`` — both made by
migration 0001 for their database only and written by ``envoy.search.index``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Kind


class SearchDocument(models.Model):
    """One searchable record. Ids follow the records' dates when the index is rebuilt, so
    that "newest hits first" is an id order the index answers without sorting."""

    kind = models.CharField(_("類型"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(_("標題"), max_length=500)
    # The mission a mission, report or recommendation belongs to: who may open it.
    mission_id = models.PositiveBigIntegerField(null=True, blank=True)
    bureau_id = models.PositiveBigIntegerField(null=True, blank=True)
    report_status = models.CharField(max_length=12, blank=True)
    date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    category = models.CharField(max_length=20, blank=True)
    # Space-separated ISO country codes and network ids, for facets.
    countries = models.CharField(max_length=200, blank=True)
    networks = models.CharField(max_length=200, blank=True)
    # The index generation that last wrote this row (see SearchState).
    generation = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("搜尋文件")
        verbose_name_plural = _("搜尋文件")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_search_document")
        ]
        indexes = [
            models.Index(fields=["mission_id"], name="search_document_mission"),
            models.Index(fields=["generation"], name="search_document_generation"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


class SearchText(models.Model):
    """The text of a document exactly as indexed (paragraphs joined by line breaks)."""

    document = models.OneToOneField(
        SearchDocument, primary_key=True, on_delete=models.CASCADE, related_name="text"
    )
    body = models.TextField()


class SearchState(models.Model):
    """One row: a counter bumped by every change to the index, so that each process knows
    when its cached facet columns are stale."""

    generation = models.PositiveBigIntegerField(default=0)
