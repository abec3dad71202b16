"""Văn bản's public pages: the filtered list, a document, its files."""

import hashlib
from urllib.parse import quote, urlencode

from django import forms
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db.models import Case, Count, Q, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import Truncator

from documents import models, reads
from documents.models import (
    Document,
    DocumentFile,
    DocumentType,
    Field,
    IssuingBody,
    number_key,
)
from longkhanh import search, site_url
from longkhanh.models import SiteSettings
from longkhanh.pagecache import current_generation
from longkhanh.shell import assembled, page_shell
from longkhanh.text import clean_query, slugify_vi, words_lacking

PER_PAGE = 20
LIST_DESCRIPTION = (
    "Cơ sở dữ liệu văn bản của Thành phố Long Khánh: quyết định, kế hoạch, thông báo, công văn, "
    "tìm theo số ký hiệu, loại, cơ quan ban hành, lĩnh vực và thời gian."
)
# The effect filter's values in the URL, Vietnamese like the other filters' slugs.
EFFECTS = {
    "con-hieu-luc": Document.Effect.IN_FORCE,
    "het-hieu-luc-mot-phan": Document.Effect.PARTLY,
    "het-hieu-luc": Document.Effect.EXPIRED,
    "chua-co-hieu-luc": Document.Effect.NOT_YET,
}


class FilterForm(forms.Form):
    """The list's filters: every one optional, all in the URL (a search can be shared)."""

    q = forms.CharField(
        label="Từ khóa hoặc số ký hiệu", required=False, max_length=200,
        error_messages={
            "max_length": "Từ khóa dài quá: tối đa %(limit_value)d ký tự (đã gõ %(show_value)d).",
        },
    )  # fmt: skip
    loai = forms.ModelChoiceField(
        DocumentType.objects, label="Loại văn bản", required=False, to_field_name="slug",
        empty_label="Tất cả", error_messages={"invalid_choice": "Không có loại văn bản này."},
    )  # fmt: skip
    co_quan = forms.ModelChoiceField(
        IssuingBody.objects, label="Cơ quan ban hành", required=False, to_field_name="slug",
        empty_label="Tất cả", error_messages={"invalid_choice": "Không có cơ quan ban hành này."},
    )  # fmt: skip
    linh_vuc = forms.ModelChoiceField(
        Field.objects, label="Lĩnh vực", required=False, to_field_name="slug",
        empty_label="Tất cả", error_messages={"invalid_choice": "Không có lĩnh vực này."},
    )  # fmt: skip
    hieu_luc = forms.ChoiceField(
        label="Hiệu lực",
        required=False,
        choices=[
            ("", "Tất cả"),
            *((slug, Document.Effect(v).label) for slug, v in EFFECTS.items()),
        ],
        error_messages={"invalid_choice": "Tình trạng hiệu lực không hợp lệ."},
    )
    nam = forms.IntegerField(
        label="Năm ban hành", required=False, min_value=1945, max_value=2100,
        error_messages={
            "invalid": "Năm ban hành phải là một số, ví dụ 2024.",
            "min_value": "Năm ban hành từ 1945 trở về sau.",
            "max_value": "Năm ban hành không quá 2100.",
        },
    )  # fmt: skip
    tu = forms.DateField(
        label="Ban hành từ ngày", required=False,
        error_messages={"invalid": "“Từ ngày” không phải một ngày (ví dụ 31/12/2025)."},
    )  # fmt: skip
    den = forms.DateField(
        label="đến ngày", required=False,
        error_messages={"invalid": "“Đến ngày” không phải một ngày (ví dụ 31/12/2025)."},
    )  # fmt: skip

    error_messages = {"dates": "“Từ ngày” không được sau “đến ngày”."}

    def clean_q(self):
        """A keyword of punctuation only, or of words to leave out only, has nothing to look for:
        an error of its field (400), not an empty list whose counts all read (0)."""
        q = self.cleaned_data["q"]
        cleaned = clean_query(q)
        if q and not search.parse(cleaned) and not any(c.isdigit() for c in number_key(cleaned)):
            said = f"{search.nothing_to_find(cleaned)} Hãy gõ từ hoặc số ký hiệu cần tìm."
            raise forms.ValidationError(said, code="no_words")
        return q

    def clean(self):
        data = super().clean()
        if data.get("tu") and data.get("den") and data["tu"] > data["den"]:
            raise forms.ValidationError(self.error_messages["dates"])
        return data


def filtered(data, skip=None):
    """The published documents that match the form's `data`, except the filter `skip` (for
    the counts beside that filter's choices)."""
    documents = Document.objects.published()
    if data.get("q"):
        if "_matches" not in data:  # searched once a request, whatever the counts ask
            query = clean_query(data["q"])
            matches = Q(search.among(Document, search_ids(query)))
            key = number_key(query)
            if any(c.isdigit() for c in key):
                matches |= Q(number_key=key) | Q(number_key__startswith=f"{key}-")
            data["_matches"] = matches
        documents = documents.filter(data["_matches"])
    for name, field in [("loai", "doc_type"), ("co_quan", "issuer"), ("linh_vuc", "field")]:
        if name != skip and data.get(name):
            documents = documents.filter(**{field: data[name]})
    if skip != "hieu_luc" and data.get("hieu_luc"):
        documents = documents.filter(effect=EFFECTS[data["hieu_luc"]])
    if data.get("nam"):
        documents = documents.filter(issued_on__year=data["nam"])
    if data.get("tu"):
        documents = documents.filter(issued_on__gte=data["tu"])
    if data.get("den"):
        documents = documents.filter(issued_on__lte=data["den"])
    return documents


def search_ids(query):
    """The ids of the published documents the site's search finds for `query` (words of the
    trích yếu, the full text and the files, with or without diacritics)."""
    results = search.search(query, model=Document, ranked=False)  # the list orders by date
    return [object_id for _, _, object_id in results.hits]


# The select filters: (name in the URL, column, model of its choices).
SELECTS = [("loai", "doc_type", DocumentType), ("co_quan", "issuer", IssuingBody),
           ("linh_vuc", "field", Field)]  # fmt: skip
# What the tally and the choices are kept for, under the documents' generation: a scheduled
# document's time comes without a save, so no longer than the page cache keeps the list.
TALLY_SECONDS = 15


class Tally:
    """The published documents that match a list's keyword and dates, counted once by every
    combination of type, issuing body, field and effect: the list's total and every filter's
    counts are sums of its rows, whatever the select filters are. One GROUP BY (a few hundred
    rows) instead of one count per filter and one for the paginator; kept in the worker's memory
    under the documents' generation, so the plain list and every list filtered only by the
    selects share it."""

    def __init__(self, request, data):
        common = {name: data.get(name) or None for name in ("q", "nam", "tu", "den")}
        generation = current_generation(request, "documents")
        digest = hashlib.md5(repr(sorted(common.items())).encode(), usedforsecurity=False)
        if "_matches" in data:  # the list's own filtered() searched already
            common["_matches"] = data["_matches"]
        key = f"documents-tally:{generation}:{digest.hexdigest()}"
        cache = caches["template_fragments"]
        kept = cache.get(key)
        if kept is None:
            columns = [column for _, column, _ in SELECTS] + ["effect"]
            rows = filtered(common).values_list(*columns).annotate(n=Count("id")).order_by()
            choices = {
                name: tuple((o.pk, o.slug, o.name) for o in model.objects.all())
                for name, _, model in SELECTS
            }
            kept = (tuple(rows), choices)  # kept as is (longkhanh/kept.py): never changed
            cache.set(key, kept, TALLY_SECONDS)
        self.rows, self.choices = kept
        self.data = data

    def _wanted(self, skip):
        """What each row's columns must be for the select filters, but `skip`."""
        wanted = {}
        for index, (name, _, _) in enumerate(SELECTS):
            if name != skip and self.data.get(name):
                wanted[index] = self.data[name].pk
        if skip != "hieu_luc" and self.data.get("hieu_luc"):
            wanted[len(SELECTS)] = EFFECTS[self.data["hieu_luc"]]
        return wanted

    def _matching(self, skip):
        """The rows every select filter but `skip` lets through."""
        wanted = self._wanted(skip)
        return (row for row in self.rows if all(row[i] == v for i, v in wanted.items()))

    def counts(self, skip, index):
        """{value of column `index`: number of documents}, every filter but `skip` applied."""
        counts = {}
        for row in self._matching(skip):
            counts[row[index]] = counts.get(row[index], 0) + row[-1]
        return counts

    def total(self):
        return sum(row[-1] for row in self._matching(None))


class CountedPaginator(Paginator):
    """A paginator told its count (the tally's total) instead of asking the database again."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count


def document_list(request):
    # Empty fields of the form are left out of the address, so that a shared or cached list has
    # one address (?nam=2024, not ?q=&loai=&…&nam=2024).
    if any(value == "" for value in request.GET.values()):
        kept = {k: v for k, v in request.GET.items() if v != ""}
        return redirect(f"{request.path}?{urlencode(kept)}" if kept else request.path)
    # Control characters (a NUL) are dropped, as the site's search does: a form showing a bad
    # value again would put them in the page.
    form = FilterForm(
        {k: clean_query(v, max_length=len(v)) for k, v in request.GET.items()} or None
    )
    if form.is_bound and not form.is_valid():
        # Nothing is listed for conditions that could not be read: a list of everything would
        # look like the answer to them.
        tally = Tally(request, {})
        context = {"form": form, "facets": facets(form, tally), "filtered": True, "invalid": True}
        return list_page(request, context, status=400)
    data = form.cleaned_data if form.is_bound else {}
    documents = filtered(data).for_listing().order_by("-issued_on", "-id")
    key = number_key(clean_query(data.get("q") or ""))
    if any(c.isdigit() for c in key):  # the document with that very number first
        exact = Case(When(number_key=key, then=Value(1)), default=Value(0))
        documents = documents.annotate(exact=exact).order_by("-exact", "-issued_on", "-id")
    tally = Tally(request, data)
    paginator = CountedPaginator(documents, PER_PAGE, tally.total())
    page_number = request.GET.get("page") or "1"
    if not page_number.isdigit() or not 1 <= int(page_number) <= max(paginator.num_pages, 1):
        raise Http404("Không có trang này.")
    page = paginator.page(int(page_number))
    parsed = search.parse(clean_query(data.get("q") or ""))
    words = parsed.highlight
    # Every row with its `found_in` and `excerpt`, empty without a keyword: a template's lookup
    # of a missing attribute goes through Django's fallbacks (a dir() of the document, 0.1 ms).
    found_inside(page.object_list, words)
    query = {k: v for k, v in request.GET.items() if k != "page"}
    context = {
        "form": form,
        "page_obj": page,
        "documents": page.object_list,
        "words": words,
        "facets": facets(form, tally),
        "filtered": bool(query),
        "keyword_only": set(query) == {"q"},  # nothing to take off but the keyword
        "page_query": urlencode(query),
        "page_range": paginator.get_elided_page_range(page.number),
        # A later page of the whole list is a page of its own (filtered lists are noindex).
        "canonical": site_url.absolute_url(
            request, request.path + (f"?page={page.number}" if page.number > 1 else "")
        ),
        "feed": site_url.absolute_url(request, reverse("documents:feed")),
    }
    return list_page(request, context)


def found_inside(documents, words):
    """A document of the page found by words its number and trích yếu do not all have says
    where those are (documents.models.found_inside): `document.found_in` and
    `document.excerpt`."""
    wanted = {}
    for document in documents if words else ():
        lacking = words_lacking(words, f"{document.number} {document.summary}")
        if lacking:
            wanted[document.pk] = lacking
    found = models.found_inside(wanted)
    for document in documents:
        document.found_in, document.excerpt = found.get(document.pk, ("", ""))


def list_page(request, context, status=200):
    title = "Văn bản – kết quả lọc" if context["filtered"] else "Văn bản"
    if context.get("invalid"):
        title = f"Lỗi: {title}"  # a refused filter's page says so first (screen readers)
    page = context.get("page_obj")
    if page is not None and page.number > 1:
        title += f" (trang {page.number})"
    return documents_page(request, "list", context, title, LIST_DESCRIPTION, status)


def documents_page(request, name, context, title, description, status=200):
    """A page of Văn bản, assembled in its shell (longkhanh/shell.py: the chrome is not rendered
    for each page): its head tags from documents/<name>_meta.html, its own part from
    documents/<name>_content.html."""
    site = SiteSettings.current(request)
    context = {**context, "site": site}
    response = assembled(
        request,
        # A document is within the menu's "Văn bản" (the list is it, or within it when filtered).
        page_shell(
            request,
            f"documents:{name}",
            {"menu_within": reverse("documents:list")} if name == "detail" else {},
        ),
        title=escape(f"{title} – {site.site_title}"),
        description=escape(description),
        meta=render_to_string(f"documents/{name}_meta.html", context, request=request),
        content=render_to_string(f"documents/{name}_content.html", context, request=request),
        canonical=escape(site_url.absolute_url(request, request.get_full_path())),
    )
    response.status_code = status
    return response


def facets(form, tally):
    """[(bound field, [(value, label, count)])] for the select filters, each choice with the
    number of documents it would list, the other filters applied."""
    result = []
    for index, (name, _, _) in enumerate(SELECTS):
        counts = tally.counts(name, index)
        choices = [(slug, label, counts.get(pk, 0)) for pk, slug, label in tally.choices[name]]
        result.append((form[name], choices))
    counts = tally.counts("hieu_luc", len(SELECTS))
    effects = [(slug, value.label, counts.get(value, 0)) for slug, value in EFFECTS.items()]
    result.append((form["hieu_luc"], effects))
    return result


def document_detail(request, slug):
    page = reads.document_page(slug)
    if page is None:
        raise Http404("Không có văn bản này.")
    document, files, relations = page
    canonical = site_url.absolute_url(request, document.get_absolute_url())
    json_ld = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": document.title,
        "legislationIdentifier": document.number,
        "legislationType": document.doc_type.name,
        "abstract": document.summary,
        "legislationDate": document.issued_on.isoformat(),
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": document.issuer.name},
        "inLanguage": "vi",
        "url": canonical,
    }
    if document.effective_on:
        json_ld["legislationDateVersion"] = document.effective_on.isoformat()
    if files:
        json_ld["encoding"] = [
            {
                "@type": "MediaObject",
                "name": f.name,
                "encodingFormat": f.content_type,
                "contentUrl": site_url.absolute_url(request, f.get_absolute_url()),
            }
            for f in files
        ]
    context = {
        "document": document,
        "files": files,
        "relations": relations,
        "canonical": canonical,
        "json_ld": json_ld,
    }
    description = Truncator(document.summary).words(40, truncate=" …")
    return documents_page(request, "detail", context, document.title, description)


def download(request, slug, pk):
    """A document's file, under its Vietnamese name (`filename*`), with its own content type;
    a PDF opens in the browser with `?xem=1`."""
    attachment = get_object_or_404(
        DocumentFile.objects.select_related("document"),
        pk=pk,
        document__slug=slug,
        document__in=Document.objects.published(),
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trên máy chủ.") from exc
    inline = attachment.kind == "pdf" and request.GET.get("xem") == "1"
    response = FileResponse(handle, content_type=attachment.content_type)
    name = attachment.download_name
    ascii_name = f"{slugify_vi(name.rsplit('.', 1)[0]) or 'van-ban'}.{attachment.kind}"
    # The Vietnamese name for browsers (RFC 6266 `filename*`), an ASCII one for older clients.
    response["Content-Disposition"] = (
        f'{"inline" if inline else "attachment"}; filename="{ascii_name}"; '
        f"filename*=utf-8''{quote(name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
