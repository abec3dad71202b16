"""Attached files: their type read from their content (never from their name), what is refused
and why, and the words inside them for the search.

Accepted: PDF; Word (DOCX, and DOC 97-2003), Excel (XLSX, and XLS 97-2003), OpenDocument text and
spreadsheets; JPEG and PNG scans. Refused, with a Vietnamese message an editor can act on:
anything over DOCUMENT_MAX_UPLOAD_MB, executables and scripts whatever their name, Office files
that carry macros (a `vbaProject.bin`, a macro-enabled content type, an OLE file with a VBA or
Macros storage), and anything else.

Text is read when the file is saved: PDF with pypdf, DOCX with python-docx, XLSX with openpyxl,
ODT/ODS from their `content.xml` (defusedxml: no entity tricks). A file whose text cannot be read
(a scan, a damaged file) is kept with no text: the document is still found by its other fields.
"""

import io
import logging
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

logger = logging.getLogger(__name__)

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXECUTABLE_MAGIC = [b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe"]
OOXML = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
}
ODF = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
MAX_TEXT = 1_000_000  # characters kept of a file's text (the search needs words, not volumes)


def max_bytes():
    return settings.DOCUMENT_MAX_UPLOAD_MB * 1024 * 1024


def _head(upload, count=8):
    upload.seek(0)
    head = upload.read(count)
    upload.seek(0)
    return head


def inspect_upload(upload):
    """The kind ("pdf", "docx", …) of an uploaded file, read from its content; ValidationError
    with the reason for anything refused."""
    size = upload.size
    if size > max_bytes():
        raise ValidationError(
            f"Tệp quá lớn ({f'{size / 1024 / 1024:.1f}'.replace('.', ',')} MB): tối đa "
            f"{settings.DOCUMENT_MAX_UPLOAD_MB} MB mỗi tệp.",
            code="too_large",
        )
    head = _head(upload, 8)
    if not head:
        raise ValidationError("Tệp rỗng.", code="empty")
    if any(head.startswith(magic) for magic in EXECUTABLE_MAGIC):
        raise ValidationError(
            "Tệp này là chương trình hoặc tập lệnh chạy được (dù tên tệp là gì): không được "
            "phép đăng.",
            code="executable",
        )
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(OLE):
        return _ole_kind(upload)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    raise ValidationError(
        "Định dạng tệp không được nhận. Chỉ nhận PDF, Word (DOC, DOCX), Excel (XLS, XLSX), "
        "OpenDocument (ODT, ODS) và ảnh chụp văn bản (JPEG, PNG).",
        code="format",
    )


MACRO_MESSAGE = (
    "Tệp Office có chứa macro (mã lệnh tự chạy): không được phép đăng. Hãy lưu lại tệp dưới "
    "dạng không có macro (DOCX, XLSX) hoặc PDF rồi tải lên."
)


def _zip_kind(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            lowered = {name.lower() for name in names}
            if any(name.endswith("vbaproject.bin") for name in lowered) or any(
                "macros/" in name or name.startswith("basic/") for name in lowered
            ):
                raise ValidationError(MACRO_MESSAGE, code="macro")
            if "[Content_Types].xml" in names:
                types = archive.read("[Content_Types].xml").lower()
                if b"macroenabled" in types or b"vbaproject" in types:
                    raise ValidationError(MACRO_MESSAGE, code="macro")
                for part, kind in OOXML.items():
                    if part in names:
                        return kind
            if "mimetype" in names:
                kind = ODF.get(archive.read("mimetype").strip())
                if kind:
                    return kind
    except zipfile.BadZipFile as exc:
        raise ValidationError("Tệp bị hỏng, không đọc được.", code="damaged") from exc
    finally:
        upload.seek(0)
    raise ValidationError(
        "Tệp nén (ZIP) không phải văn bản Word, Excel hay OpenDocument: không được nhận.",
        code="format",
    )


def _ole_kind(upload):
    """DOC or XLS (97-2003): refused if it carries a VBA project or Macros storage. Their
    storages' names are UTF-16 in the file's directory, so they are looked for as such."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    utf16 = [name.encode("utf-16-le") for name in ("_VBA_PROJECT", "Macros", "VBA")]
    if any(name in data for name in utf16):
        raise ValidationError(MACRO_MESSAGE, code="macro")
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    raise ValidationError(
        "Tệp Office cũ này không phải Word hay Excel: không được nhận.", code="format"
    )


def validate_document_file(upload):
    """Form and model field validator: new uploads only (a stored file was checked when it came
    in, and re-saving a document must not reopen every file it has)."""
    from django.db.models.fields.files import FieldFile

    if getattr(upload, "_committed", False):
        return
    if isinstance(upload, FieldFile):
        upload = upload.file
    inspect_upload(upload)


def extract_text(upload, kind):
    """The words of the file as plain text ("" when it has none that can be read)."""
    reader = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "odt": _odf, "ods": _odf}.get(kind)
    if reader is None:
        return ""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        return reader(io.BytesIO(data))[:MAX_TEXT]
    except Exception:  # a damaged or unusual file: kept, found by its other fields
        logger.warning("Could not read the text of a %s file", kind, exc_info=True)
        return ""


def _pdf(stream):
    from pypdf import PdfReader

    reader = PdfReader(stream)
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _docx(stream):
    import docx

    document = docx.Document(stream)
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _xlsx(stream):
    from openpyxl import load_workbook

    workbook = load_workbook(stream, read_only=True, data_only=True)
    parts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            parts.extend(str(value) for value in row if value is not None)
    workbook.close()
    return "\n".join(parts)


def _odf(stream):
    from defusedxml import ElementTree

    with zipfile.ZipFile(stream) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))
    return " ".join(text.strip() for text in root.itertext() if text.strip())
