import hashlib
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner
from django.template.defaultfilters import filesizeformat

from longkhanh.images import validate_image_upload
from longkhanh.text import fold
from questions.models import Question, Topic

MAX_ATTACHMENT = 10 * 1024 * 1024
SIGNER = TimestampSigner(salt="questions.form-opened")
PHONE = re.compile(r"^\+?[0-9][0-9 .\-]{7,18}[0-9]$")


def opened_token():
    """When the form was opened, signed: a form sent back sooner than a person types is a bot's."""
    return SIGNER.sign("mo")


def opened_check(token, min_seconds):
    """ "ok", "fast" (sent back sooner than `min_seconds` after the form was opened: a bot), or
    "invalid" (no token, a forged one, or a form left open over a day)."""
    try:
        SIGNER.unsign(token or "", max_age=86_400)
    except (BadSignature, SignatureExpired):
        return "invalid"
    try:
        SIGNER.unsign(token, max_age=min_seconds)
    except SignatureExpired:
        return "ok"
    return "fast"


def body_key(title, body):
    """The question as a duplicate check compares it: folded, lower case, single spaces."""
    text = " ".join(fold(f"{title} {body}").lower().split())
    return hashlib.sha256(text.encode()).hexdigest()


def check_attachment(upload):
    """PDF or an image (JPEG, PNG, WebP), at most 10 MB, judged by the content, not the name."""
    if upload.size > MAX_ATTACHMENT:
        raise ValidationError(
            f"Tệp đính kèm quá lớn ({filesizeformat(upload.size)}). Tối đa 10 MB.",
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return "pdf"
    try:
        validate_image_upload(upload)
    except ValidationError as exc:
        raise ValidationError(
            "Tệp này không phải PDF hay ảnh thật (JPEG, PNG, WebP). Hãy chọn lại tệp khác; chỉ "
            "nhận PDF hoặc ảnh, tối đa 10 MB.",
            code="invalid_type",
        ) from exc
    upload.seek(0)
    return "image"


class QuestionForm(forms.ModelForm):
    # Left empty by people (it is hidden from them, and from screen readers); bots fill it.
    website = forms.CharField(
        label="Không điền vào ô này", required=False, max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )  # fmt: skip
    opened = forms.CharField(widget=forms.HiddenInput, required=False)
    target = forms.CharField(widget=forms.HiddenInput, required=False)
    consent_data = forms.BooleanField(
        label="Tôi đồng ý để Ủy ban nhân dân thành phố xử lý thông tin cá nhân trên nhằm trả lời "
        "câu hỏi này",
        error_messages={
            "required": "Cần sự đồng ý xử lý thông tin cá nhân thì mới tiếp nhận được câu hỏi."
        },
    )

    class Meta:
        model = Question
        fields = ["name", "address", "phone", "email", "kind", "topic", "title", "body",
                  "attachment", "consent_publish"]  # fmt: skip
        labels = {
            "consent_publish": "Đồng ý đăng công khai câu hỏi và câu trả lời (không kèm họ tên, "
            "địa chỉ, điện thoại, email)",
            "body": "Nội dung",
        }
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8, "maxlength": 5000}),
            "kind": forms.RadioSelect,
        }

    def __init__(self, *args, target=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        self.fields["kind"].choices = [
            c for c in Question.Kind.choices if c[0] != Question.Kind.DRAFT_COMMENT
        ]
        self.fields["topic"].queryset = Topic.objects.all()
        self.fields["topic"].empty_label = "– Chọn chủ đề –"
        if target is not None:  # a comment on a draft: its kind and topic are known
            del self.fields["kind"]
            del self.fields["topic"]
            self.fields["consent_data"].label = (
                "Tôi đồng ý để Ủy ban nhân dân thành phố xử lý thông tin cá nhân trên nhằm tiếp "
                "nhận góp ý này"
            )
            self.fields[
                "consent_publish"
            ].label = "Đồng ý đăng công khai góp ý (không kèm họ tên, địa chỉ, điện thoại, email)"
        else:
            self.fields["topic"].required = True
        required = {"name": "họ và tên", "address": "địa chỉ hoặc phường, xã",
                    "title": "tiêu đề", "body": "nội dung"}  # fmt: skip
        for name, label in required.items():
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = f"Hãy nhập {label}."
        if "topic" in self.fields:
            self.fields["topic"].error_messages.update(
                required="Hãy chọn chủ đề.", invalid_choice="Chủ đề không hợp lệ: hãy chọn lại."
            )
        self.fields["email"].error_messages["invalid"] = (
            "Email không hợp lệ (ví dụ: ten@gmail.com)."
        )
        self.fields["body"].validators.append(
            forms.fields.validators.MaxLengthValidator(
                5000, "Nội dung dài quá 5.000 ký tự: hãy rút gọn hoặc gửi kèm tệp PDF."
            )
        )
        self.fields["attachment"].help_text = "Không bắt buộc. PDF hoặc ảnh, tối đa 10 MB."

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise ValidationError("Số điện thoại không hợp lệ (ví dụ: 0913 456 789).")
        return phone

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and hasattr(upload, "size"):
            check_attachment(upload)
        return upload

    def clean(self):
        data = super().clean()
        if (
            not data.get("phone")
            and not data.get("email")
            and not (self.has_error("phone") or self.has_error("email"))
        ):
            raise ValidationError(
                "Hãy để lại số điện thoại hoặc email (ít nhất một) để nhận trả lời.",
                code="no_contact",
            )
        return data
