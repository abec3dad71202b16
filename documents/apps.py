from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def delete_file(sender, instance, **kwargs):
    """A deleted attachment (or the files of a deleted document) leaves no file behind."""
    from django.db import transaction

    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def reindex_document(sender, instance, raw=False, **kwargs):
    """The words inside a file are found as soon as it is saved or removed."""
    from longkhanh import search

    if not raw and instance.document_id:
        document = type(instance.document).objects.filter(pk=instance.document_id).first()
        if document is not None:
            search.index(document)


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "Văn bản"

    def ready(self):
        from documents.roles import APPROVER_PERMISSIONS, WRITER_PERMISSIONS
        from longkhanh.accounts import register_roles

        register_roles("documents", WRITER_PERMISSIONS, APPROVER_PERMISSIONS)
        from documents.models import (
            Document,
            DocumentFile,
            DocumentType,
            Field,
            IssuingBody,
            found_inside,
        )
        from longkhanh import comments, pagecache, search

        # "Văn bản mới" is kept under the documents' own generation (see base.html).
        pagecache.connect([Document, DocumentFile], scope="documents")
        pagecache.connect([DocumentType, IssuingBody, Field], scope="documents")
        search.register(
            Document,
            Document.search_document,
            queryset=lambda: Document.objects.filter(status=Document.Status.PUBLISHED),
            excerpts=found_inside,
        )
        post_save.connect(reindex_document, sender=DocumentFile, dispatch_uid="documents-reindex")
        post_delete.connect(
            reindex_document, sender=DocumentFile, dispatch_uid="documents-reindex-delete"
        )
        post_delete.connect(delete_file, sender=DocumentFile, dispatch_uid="documents-files")
        comments.register_target("van-ban", draft_for_comment)


def draft_for_comment(slug):
    """A published draft document, as residents' comments name it (longkhanh/comments.py)."""
    from documents.models import Document
    from longkhanh.comments import Target

    document = Document.objects.published().filter(slug=slug, is_draft=True).first()
    if document is None:
        return None
    return Target(
        key=f"van-ban:{document.slug}",
        title=document.heading[:300],
        url=document.get_absolute_url(),
        open=document.comments_open,
        deadline=document.comment_deadline,
    )
