"""A document's public page read in fixed SQL: the document with the names of its type, issuing
body and field (Manager.raw), its files (Manager.raw), its relations (a cursor).

The ORM took ten times longer to build the page's three queries than the database took to
answer them: 4 ms a page at 20,000 documents (a select_related over five tables for the
relations, and two orderings, whose columns Django compares with every selected column), for
0.1 ms of SQL. Random documents are the page the page cache helps least: search engines and
shared links bring readers to any of them.
"""

from django.db import connection
from django.utils import timezone

from documents.models import Document, DocumentFile, DocumentType, Field, IssuingBody, Relation


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, name):
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _document_sql():
    """The published document of a slug (every column: the page shows nearly all of them, and
    none is left to load one by one) and the names the page gives its type, body and field."""
    name = _column(DocumentType, "name")
    return (
        f"SELECT d.*, t.{name} AS lk_type, i.{name} AS lk_issuer, f.{name} AS lk_field"
        f" FROM {_table(Document)} d"
        f" JOIN {_table(DocumentType)} t ON t.id = d.{_column(Document, 'doc_type')}"
        f" JOIN {_table(IssuingBody)} i ON i.id = d.{_column(Document, 'issuer')}"
        f" LEFT JOIN {_table(Field)} f ON f.id = d.{_column(Document, 'field')}"
        f" WHERE d.{_column(Document, 'slug')} = %s AND d.{_column(Document, 'status')} = %s"
        f" AND d.{_column(Document, 'published_at')} <= %s"
    )


# A file's columns but its text (the words extracted from it, for the search: long, and not
# shown on the page).
FILE_FIELDS = ["id", "document", "file", "name", "kind", "size", "position"]


def _files_sql():
    columns = ", ".join(_column(DocumentFile, f) for f in FILE_FIELDS)
    return (
        f"SELECT {columns} FROM {_table(DocumentFile)}"
        f" WHERE {_column(DocumentFile, 'document')} = %s"
        f" ORDER BY {_column(DocumentFile, 'position')}, {_column(DocumentFile, 'id')}"
    )


def _relations_sql():
    source, target = _column(Relation, "source"), _column(Relation, "target")
    return (
        f"SELECT {_column(Relation, 'kind')}, {source}, {target} FROM {_table(Relation)}"
        f" WHERE {source} = %s OR {target} = %s ORDER BY {_column(Relation, 'id')}"
    )


def _named(model, pk, name):
    """`model`'s row `pk` as far as the page needs it: its name (the rest deferred)."""
    return None if pk is None else model.from_db(connection.alias, ["id", "name"], (pk, name))


def document_page(slug):
    """(document, its files, [(the relation as it reads from this document, the other
    document)]) for the published document `slug`, or None. Three queries; a fourth reads the
    related documents, when there are some. A related document is named only while it is
    public, under "Thay thế" on the newer side and "Bị thay thế bởi" on the older."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    found = list(Document.objects.raw(_document_sql(), [slug, Document.Status.PUBLISHED, now]))
    if not found:
        return None
    document = found[0]
    document.doc_type = _named(DocumentType, document.doc_type_id, document.lk_type)
    document.issuer = _named(IssuingBody, document.issuer_id, document.lk_issuer)
    document.field = _named(Field, document.field_id, document.lk_field)
    files = list(DocumentFile.objects.raw(_files_sql(), [document.pk]))
    for file in files:
        file.document = document
    with connection.cursor() as cursor:
        cursor.execute(_relations_sql(), [document.pk, document.pk])
        links = cursor.fetchall()
    if not links:
        return document, files, []
    others = Document.objects.for_listing().in_bulk(
        {source if target == document.pk else target for _, source, target in links}
    )
    outgoing = [
        (Relation.Kind(kind).label, others[target])
        for kind, source, target in links
        if source == document.pk
    ]
    incoming = [
        (Relation.INVERSE[kind], others[source])
        for kind, source, target in links
        if target == document.pk
    ]
    return (
        document,
        files,
        [(label, other) for label, other in outgoing + incoming if other.is_public],
    )
