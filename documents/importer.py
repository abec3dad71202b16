"""Bulk import of existing documents from a spreadsheet (CSV or XLSX, one row a document) and a
ZIP of their files, used by the admin's import page and `manage.py import_documents`.

`check(sheet, archive)` reads everything and returns a `Plan`: for each row its line number and
either the document it would create, the reason it is refused, or that the document exists
already (same issuing body and số ký hiệu). Nothing is written. `run(plan, user)` writes the
plan's new documents in one transaction, and only a plan with no refused row. Re-running the
same import therefore creates nothing: every row is "đã có".

Columns (the header row, in any order, with or without diacritics): Số ký hiệu, Loại văn bản,
Cơ quan ban hành, Lĩnh vực, Ngày ban hành, Ngày có hiệu lực, Ngày hết hiệu lực, Tình trạng hiệu
lực, Trích yếu, Người ký, Chức vụ người ký, Tệp (file names in the ZIP, separated by ";").
Required: Số ký hiệu, Loại văn bản, Cơ quan ban hành, Ngày ban hành, Trích yếu. Types, issuing
bodies and fields must already be in their lists (a typo would otherwise add a new one).
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from documents.files import inspect_upload
from documents.models import Document, DocumentFile, DocumentType, Field, IssuingBody, number_key
from longkhanh.text import fold

COLUMNS = {
    "so ky hieu": "number",
    "loai van ban": "doc_type",
    "co quan ban hanh": "issuer",
    "linh vuc": "field",
    "ngay ban hanh": "issued_on",
    "ngay co hieu luc": "effective_on",
    "ngay het hieu luc": "expires_on",
    "tinh trang hieu luc": "effect",
    "trich yeu": "summary",
    "nguoi ky": "signer",
    "chuc vu nguoi ky": "signer_title",
    "tep": "files",
}
REQUIRED = {
    "number": "Số ký hiệu",
    "doc_type": "Loại văn bản",
    "issuer": "Cơ quan ban hành",
    "issued_on": "Ngày ban hành",
    "summary": "Trích yếu",
}
MAX_ROWS = 5000


class ImportError_(Exception):
    """The sheet or the archive as a whole cannot be read (a message for the editor)."""


@dataclass
class Row:
    line: int
    number: str = ""
    errors: list = field(default_factory=list)
    exists: bool = False
    note: str = ""
    values: dict = field(default_factory=dict)
    files: list = field(default_factory=list)  # [(name, bytes)]


@dataclass
class Plan:
    rows: list

    @property
    def refused(self):
        return [row for row in self.rows if row.errors]

    @property
    def new(self):
        return [row for row in self.rows if not row.errors and not row.exists]

    @property
    def existing(self):
        return [row for row in self.rows if not row.errors and row.exists]


def _key(text):
    return " ".join(fold(str(text or "")).lower().replace("_", " ").split())


def read_sheet(upload):
    """[(line, {column: text})] from a CSV (UTF-8, comma or semicolon) or an XLSX."""
    data = upload.read()
    if data.startswith(b"PK\x03\x04"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:
            raise ImportError_("Không đọc được tệp Excel (XLSX).") from exc
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportError_("Tệp CSV phải lưu với mã UTF-8.") from exc
        # The separator is the one the header row uses most (Excel writes ";" or "," by the
        # computer's language); the header has no quoted separators, unlike the rows.
        header_line = text.splitlines()[0] if text.strip() else ""
        delimiter = max(";,\t", key=header_line.count)
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as exc:
            raise ImportError_(f"Tệp CSV không đọc được: {exc}.") from exc
    if not rows:
        raise ImportError_("Bảng tính trống.")
    header = [COLUMNS.get(_key(name)) for name in rows[0]]
    missing = [label for name, label in REQUIRED.items() if name not in header]
    if missing:
        raise ImportError_("Thiếu cột: " + ", ".join(missing) + ".")
    if len(rows) - 1 > MAX_ROWS:
        raise ImportError_(f"Mỗi lần nhập tối đa {MAX_ROWS} dòng.")
    result = []
    for line, cells in enumerate(rows[1:], start=2):
        values = {
            name: _without_controls(cell)
            for name, cell in zip(header, cells, strict=False)
            if name is not None
        }
        if any(str(v or "").strip() for v in values.values()):
            result.append((line, values))
    return result


# Control characters (NUL and the like) a spreadsheet may carry, which no text field of the admin
# accepts either; tabs and line breaks stay.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _without_controls(cell):
    return CONTROLS.sub("", cell) if isinstance(cell, str) else cell


def _date(value, label, errors, required=False):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    if text.isdigit() and 20_000 < int(text) < 80_000:  # an Excel date as its serial number
        return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(text))
    if not text:
        if required:
            errors.append(f"thiếu {label.lower()}")
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    errors.append(f"{label.lower()} “{text}” không phải ngày (dạng 31/12/2025)")
    return None


def check(sheet, archive=None):
    """The Plan of an import; nothing is written."""
    files = {}
    if archive is not None:
        try:
            with zipfile.ZipFile(archive) as zipped:
                for info in zipped.infolist():
                    if not info.is_dir():
                        files[info.filename.rsplit("/", 1)[-1]] = info
                contents = {name: zipped.read(info) for name, info in files.items()}
        except zipfile.BadZipFile as exc:
            raise ImportError_("Tệp nén các văn bản phải là tệp ZIP.") from exc
    else:
        contents = {}
    lists = {
        "doc_type": {_key(o.name): o for o in DocumentType.objects.all()},
        "issuer": {_key(o.name): o for o in IssuingBody.objects.all()},
        "field": {_key(o.name): o for o in Field.objects.all()},
    }
    effects = {_key(label): value for value, label in Document.Effect.choices}
    seen = {}
    plan = Plan([])
    for line, values in read_sheet(sheet):
        row = Row(line, number=str(values.get("number") or "").strip())
        errors = row.errors
        for name, label in REQUIRED.items():
            if name not in ("issued_on",) and not str(values.get(name) or "").strip():
                errors.append(f"thiếu {label.lower()}")
        chosen = {}
        for name, label in [("doc_type", "loại văn bản"), ("issuer", "cơ quan ban hành"),
                            ("field", "lĩnh vực")]:  # fmt: skip
            text = str(values.get(name) or "").strip()
            if text:
                chosen[name] = lists[name].get(_key(text))
                if chosen[name] is None:
                    errors.append(f"{label} “{text}” chưa có trong danh mục")
        issued_on = _date(values.get("issued_on"), "Ngày ban hành", errors, required=True)
        effective_on = _date(values.get("effective_on"), "Ngày có hiệu lực", errors)
        expires_on = _date(values.get("expires_on"), "Ngày hết hiệu lực", errors)
        effect_text = str(values.get("effect") or "").strip()
        effect = effects.get(_key(effect_text), None) if effect_text else Document.Effect.IN_FORCE
        if effect is None:
            errors.append(f"tình trạng hiệu lực “{effect_text}” không hợp lệ")
        key = number_key(row.number)
        if row.number and not key:
            errors.append(f"số ký hiệu “{row.number}” không có chữ hay số")
        issuer = chosen.get("issuer")
        if key and issuer is not None:
            if (issuer.pk, key) in seen:
                errors.append(f"trùng số ký hiệu với dòng {seen[issuer.pk, key]}")
            seen.setdefault((issuer.pk, key), line)
            existing = Document.objects.filter(issuer=issuer, number_key=key).first()
            row.exists = existing is not None
            summary = str(values.get("summary") or "").strip()
            if existing is not None and summary and summary != existing.summary:
                row.note = "trích yếu khác với văn bản trên trang: văn bản trên trang giữ nguyên"
        for name in [n.strip() for n in str(values.get("files") or "").split(";") if n.strip()]:
            if name not in contents:
                errors.append(f"không có tệp “{name}” trong tệp nén")
                continue
            upload = SimpleUploadedFile(name, contents[name])
            try:
                inspect_upload(upload)
            except ValidationError as exc:
                errors.append(f"tệp “{name}”: {exc.messages[0]}")
                continue
            row.files.append((name, contents[name]))
        row.values = {
            "number": row.number,
            "doc_type": chosen.get("doc_type"),
            "issuer": issuer,
            "field": chosen.get("field"),
            "issued_on": issued_on,
            "effective_on": effective_on,
            "expires_on": expires_on,
            "effect": effect,
            "summary": str(values.get("summary") or "").strip(),
            "signer": str(values.get("signer") or "").strip()[:150],
            "signer_title": str(values.get("signer_title") or "").strip()[:150],
        }
        plan.rows.append(row)
    return plan


def run(plan, user=None):
    """Creates the plan's new documents (published when `user` may publish, else for review),
    in one transaction; refuses a plan with a refused row. Returns the number created."""
    if plan.refused:
        raise ImportError_("Còn dòng lỗi: sửa bảng tính rồi chạy thử lại.")
    publish = user is None or user.has_perm("documents.publish_document")
    with transaction.atomic():
        for row in plan.new:
            document = Document.objects.create(
                **row.values,
                status=Document.Status.PUBLISHED if publish else Document.Status.REVIEW,
                published_at=timezone.now() if publish else None,
                created_by=user,
            )
            for position, (name, content) in enumerate(row.files):
                DocumentFile.objects.create(  # named after the document (default_name)
                    document=document, file=SimpleUploadedFile(name, content), position=position
                )
    return len(plan.new)
