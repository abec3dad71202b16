"""Văn bản's public pages: the filtered list, a document, its files."""

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from documents.models import (
    Document,
    DocumentFile,
    DocumentType,
    Field,
    IssuingBody,
    Relation,
    number_key,
)
from longkhanh import search, site_url
from longkhanh.text import clean_query

PER_PAGE = 20


class FilterForm(forms.Form):
    """The list's filters: every one optional, all in the URL (a search can be shared)."""

    q = forms.CharField(label="Từ khóa hoặc số ký hiệu", required=False, max_length=200)
    loai = forms.ModelChoiceField(
        DocumentType.objects, label="Loại văn bản", required=False, to_field_name="slug",
        empty_label="Tất cả",
    )  # fmt: skip
    co_quan = forms.ModelChoiceField(
        IssuingBody.objects, label="Cơ quan ban hành", required=False, to_field_name="slug",
        empty_label="Tất cả",
    )  # fmt: skip
    linh_vuc = forms.ModelChoiceField(
        Field.objects, label="Lĩnh vực", required=False, to_field_name="slug",
        empty_label="Tất cả",
    )  # fmt: skip
    hieu_luc = forms.ChoiceField(
        label="Hiệu lực", required=False, choices=[("", "Tất cả"), *Document.Effect.choices]
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

    error_messages = {"dates": "“Từ ngày” phải trước “đến ngày”."}

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
        query = clean_query(data["q"])
        matches = Q(pk__in=search_ids(query))
        key = number_key(query)
        if any(c.isdigit() for c in key):
            matches |= Q(number_key=key) | Q(number_key__startswith=f"{key}-")
        documents = documents.filter(matches)
    for name, field in [("loai", "doc_type"), ("co_quan", "issuer"), ("linh_vuc", "field")]:
        if name != skip and data.get(name):
            documents = documents.filter(**{field: data[name]})
    if skip != "hieu_luc" and data.get("hieu_luc"):
        documents = documents.filter(effect=data["hieu_luc"])
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
    results = search.search(query, model=Document)
    return [object_id for _, _, object_id in results.hits]


def facet_counts(data, name, field):
    """{value id: number of documents} for one filter, the others applied."""
    rows = filtered(data, skip=name).values(field).annotate(n=Count("id")).order_by()
    return {row[field]: row["n"] for row in rows}


def document_list(request):
    form = FilterForm(request.GET or None)
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        data = {}
    else:
        data = form.cleaned_data if form.is_bound else {}
    documents = filtered(data).for_listing().order_by("-issued_on", "-id")
    paginator = Paginator(documents, PER_PAGE)
    page_number = request.GET.get("page") or 1
    if not str(page_number).isdigit() or not 1 <= int(page_number) <= max(paginator.num_pages, 1):
        raise Http404("Không có trang này.")
    page = paginator.page(int(page_number))
    facets = [
        (form["loai"], "loai", DocumentType.objects.all(), facet_counts(data, "loai", "doc_type")),
        (form["co_quan"], "co_quan", IssuingBody.objects.all(),
         facet_counts(data, "co_quan", "issuer")),
        (form["linh_vuc"], "linh_vuc", Field.objects.all(),
         facet_counts(data, "linh_vuc", "field")),
    ]  # fmt: skip
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    context = {
        "form": form,
        "page_obj": page,
        "documents": page.object_list,
        "facets": [
            (bound, name, [(item, counts.get(item.pk, 0)) for item in items])
            for bound, name, items, counts in facets
        ],
        "filtered": bool(query),
        "page_query": urlencode(query),
        "page_range": paginator.get_elided_page_range(page.number),
        "canonical": site_url.absolute_url(request, request.path),
    }
    return render(request, "documents/list.html", context, status=status)


def document_detail(request, slug):
    document = get_object_or_404(
        Document.objects.published().select_related("doc_type", "issuer", "field"), slug=slug
    )
    relations = [
        (relation.get_kind_display(), relation.target)
        for relation in document.relations.select_related("target__doc_type").filter(
            target__in=Document.objects.published()
        )
    ] + [
        (Relation.INVERSE[relation.kind], relation.source)
        for relation in document.inverse_relations.select_related("source__doc_type").filter(
            source__in=Document.objects.published()
        )
    ]
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
    files = list(document.files.all())
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
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "files": files,
            "relations": relations,
            "canonical": canonical,
            "json_ld": json_ld,
        },
    )


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
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=attachment.download_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
