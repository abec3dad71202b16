"""Hỏi đáp – góp ý: the form (asking, feedback, comments on drafts), following a question by its
code, and the public archive of answered questions. Public pages never show personal data."""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from longkhanh import comments, search, site_url
from longkhanh.logins import client_address
from longkhanh.text import clean_query
from questions import mail
from questions.forms import QuestionForm, body_key, opened_check, opened_token
from questions.models import Question, Settings, Topic

PER_PAGE = 20
QUERY_LENGTH = 200  # characters of a keyword, as the box allows
HONEYPOT = (
    "Biểu mẫu bị từ chối: ô “Không điền vào ô này” đã có nội dung (ô đó dùng để chặn máy gửi tự "
    "động). Hãy xóa nội dung ô đó rồi gửi lại."
)
TOO_FAST = (
    "Biểu mẫu được gửi chưa đến {seconds} giây sau khi mở. Để chặn thư rác tự động, câu hỏi chỉ "
    "được nhận sau ít nhất {seconds} giây: xin đợi một chút rồi bấm “Gửi” lần nữa (thời gian tính "
    "từ lúc bạn mở biểu mẫu lần đầu)."
)
KEPT = " Nội dung bạn đã nhập vẫn được giữ nguyên."
STALE = (
    "Biểu mẫu đã mở quá lâu hoặc không hợp lệ. Nội dung bạn nhập vẫn còn dưới đây: hãy kiểm tra "
    "rồi bấm “Gửi” lần nữa."
)
TOO_MANY = (
    "Địa chỉ mạng của bạn đã gửi {count} câu hỏi trong một giờ qua, quá giới hạn chống gửi hàng "
    "loạt. Nội dung bạn nhập vẫn còn dưới đây: hãy gửi lại sau ít phút, hoặc gọi đường dây nóng."
)
DUPLICATE = (
    "Câu hỏi này đã được gửi trong 24 giờ qua, nên không được nhận thêm lần nữa. Hãy dùng mã theo "
    "dõi đã nhận lúc gửi để xem tình trạng."
)


def refuse(request, form, target, message, status, keep_opened=False, final=False):
    """The form again, with what was typed and why it was refused; a new `opened` token, or
    the one sent back (`keep_opened`: a form sent too fast keeps counting from when it was
    first opened, not from its refusal)."""
    form.data = form.data.copy()
    if not keep_opened:
        form.data["opened"] = opened_token()
    return shown_again(request, form, target, status, refusal=message, final=final)


def shown_again(request, form, target, status, refusal="", final=False):
    """The form shown again after a POST it did not take. A browser never fills a file input
    again: a file that was sent (and was not itself the problem) is named, to be chosen again,
    where the page said only that what was typed is kept (from the eighth trial: a PDF sent with
    a form refused as too fast was lost without a word)."""
    upload = request.FILES.get("attachment")
    # (`final`: a refusal that sending again will not change, a question already received: no
    # file to choose again for it.)
    keep = upload is not None and not final and "attachment" not in form.errors
    dropped = upload.name if keep else ""
    context = {
        "form": form,
        "target": target,
        "refusal": refusal,
        "dropped_file": dropped,
        # Which of "the boxes marked" and "what is said below" the summary asks to fix.
        "fields_marked": any(name != "__all__" for name in form.errors),
        # Neither a phone nor an email: both boxes are marked, and say why (the tenth trial:
        # the rule was said in the summary only).
        "no_contact": form.has_error(NON_FIELD_ERRORS, "no_contact"),
    }
    return render(request, "questions/ask.html", context, status=status)


@require_http_methods(["GET", "POST"])
def ask(request):
    key = request.GET.get("gop-y") or request.POST.get("target") or ""
    target = comments.find_target(key) if key else None
    if key and target is None:
        raise Http404("Không có dự thảo này để góp ý.")
    if target is not None and not target.open:
        typed = request.POST.get("body", "") if request.method == "POST" else ""
        context = {"target": target, "typed": typed}
        return render(request, "questions/closed.html", context, status=410)
    if request.method == "GET":
        form = QuestionForm(initial={"opened": opened_token(), "target": key}, target=target)
        return render(request, "questions/ask.html", {"form": form, "target": target})

    form = QuestionForm(request.POST, request.FILES, target=target)
    settings = Settings.current()
    if request.POST.get("website"):
        return refuse(request, form, target, HONEYPOT, 400)
    opened = opened_check(request.POST.get("opened"), settings.min_fill_seconds)
    if opened == "fast":
        # What else is wrong is said now too, not after the wait (from a trial: a form sent
        # without phone or email said "too fast" twice before it said what was missing).
        form.is_valid()
        message = TOO_FAST.format(seconds=settings.min_fill_seconds)
        if any(request.POST.get(name, "").strip() for name in ("name", "title", "body")):
            message += KEPT  # said only when something was typed (the ninth trial)
        return refuse(request, form, target, message, 400, keep_opened=True)
    if opened == "invalid":
        return refuse(request, form, target, STALE, 400)
    if not form.is_valid():
        return shown_again(request, form, target, 400)
    address = client_address(request)
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    recent = Question.objects.filter(client_address=address, submitted_at__gte=hour_ago).count()
    if recent >= settings.hourly_limit:
        from longkhanh.models import SiteSettings

        hotline = SiteSettings.current(request).hotline
        message = TOO_MANY.format(count=recent) + (
            f" (Đường dây nóng: {hotline}.)" if hotline else ""
        )
        return refuse(request, form, target, message, 429)
    data = form.cleaned_data
    duplicate_key = body_key(data["title"], data["body"])
    # The same question within a day from the same address, email or phone.
    same_sender = Q(client_address=address) if address else Q(pk__in=[])
    for field in ("email", "phone"):
        if data[field]:
            same_sender |= Q(**{field: data[field]})
    day_ago = timezone.now() - datetime.timedelta(days=1)
    earlier = Question.objects.filter(
        same_sender, body_key=duplicate_key, submitted_at__gte=day_ago
    )
    if earlier.exists():
        return refuse(request, form, target, DUPLICATE, 400, final=True)
    with transaction.atomic():
        question = form.save(commit=False)
        question.client_address = address
        question.body_key = duplicate_key
        if target is not None:
            question.kind = Question.Kind.DRAFT_COMMENT
            question.target_key, question.target_title = target.key, target.title
        question.save()
        mail.acknowledge(question)  # stored now, sent after the commit; a failure keeps it
    return redirect("questions:sent", code=question.code)


def sent(request, code):
    question = get_object_or_404(Question, code=code.upper())
    return render(request, "questions/sent.html", {"question": question})


def follow(request):
    # "hd-7k3f9q2m", "HD 7K3F9Q2M", "hd7k3f9q2m", "7K3F9Q2M": all HD-7K3F9Q2M.
    typed = clean_query(request.GET.get("ma", ""), 20)
    code = "".join(ch for ch in typed.upper() if ch.isalnum())
    if code.startswith("HD") and len(code) == 10:
        code = f"HD-{code[2:]}"
    elif len(code) == 8:
        code = f"HD-{code}"
    question = Question.objects.filter(code=code).first() if code else None
    asked_empty = "ma" in request.GET and not code
    status = 404 if code and question is None else 400 if asked_empty else 200
    context = {
        "code": code,
        "typed": typed,  # shown again as typed: "HDXXXX" read as if the dash had been left out
        "question": question,
        "asked_empty": asked_empty,
        "today": timezone.localdate(),
    }
    return render(request, "questions/follow.html", context, status=status)


def archive(request):
    topics = list(Topic.objects.all())
    topic = next((t for t in topics if t.slug == request.GET.get("chu-de")), None)
    if request.GET.get("chu-de") and topic is None:
        raise Http404("Không có chủ đề này.")
    typed = clean_query(request.GET.get("q", ""), max_length=None)
    query = typed[:QUERY_LENGTH]
    parsed = search.parse(query)
    # A keyword that cannot be searched as typed is an error of its field (as on Văn bản),
    # never a quiet search for something else or an empty list that looks like an answer.
    if len(typed) > QUERY_LENGTH:
        error = f"Từ khóa dài quá: tối đa {QUERY_LENGTH} ký tự (đã gõ {len(typed)})."
    elif query and not parsed:
        error = f"{search.nothing_to_find(query)} Hãy gõ từ cần tìm."
    else:
        error = ""
    if error:
        context = {"topics": topics, "topic": topic, "keyword": query, "error": error}
        return render(request, "questions/archive.html", context, status=400)
    questions = (
        Question.objects.published().select_related("topic").order_by("-published_at", "-id")
    )
    if topic:
        questions = questions.filter(topic=topic)
    if query:
        results = search.search(query, cap=1000, model=Question, ranked=False)  # by date
        ids = [object_id for _, _, object_id in results.hits]
        questions = questions.filter(search.among(Question, ids))
    paginator = Paginator(questions.defer("answer"), PER_PAGE)
    number = request.GET.get("page") or "1"
    # A page the list does not have is "not found", as on the site's other lists (it showed
    # the first page, which looked like the page asked for).
    if not number.isdigit() or not 1 <= int(number) <= paginator.num_pages:
        raise Http404("Không có trang này.")
    page = paginator.page(int(number))
    context = {
        "page": page,
        "topics": topics,
        "topic": topic,
        # Not "query", which the header's search box shows: this is not a search of the site.
        "keyword": query,
        "words": parsed.highlight,
        "canonical": site_url.absolute_url(request, request.path),
    }
    return render(request, "questions/archive.html", context)


def detail(request, slug):
    question = get_object_or_404(Question.objects.published().select_related("topic"), slug=slug)
    url = site_url.absolute_url(request, question.get_absolute_url())
    json_ld = {
        "@context": "https://schema.org",
        "@type": "QAPage",
        "mainEntity": {
            "@type": "Question",
            "name": question.title,
            "text": question.body,
            "dateCreated": question.submitted_at.isoformat(),
            "answerCount": 1,
            "author": {"@type": "Person", "name": "Người dân"},  # never the asker's name
            "acceptedAnswer": {
                "@type": "Answer",
                "text": question.answer,
                "dateCreated": (question.answered_at or question.published_at).isoformat(),
                "url": url,
                "author": {"@type": "GovernmentOrganization", "name": "UBND thành phố Long Khánh"},
            },
        },
    }
    return render(
        request,
        "questions/detail.html",
        {"question": question, "json_ld": json_ld, "canonical": url},
    )


def privacy(request):
    return render(request, "questions/privacy.html", {"settings": Settings.current()})
