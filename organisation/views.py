"""The organisation's public pages: introduction pages, the structure, each unit, the leaders,
the contact directory and the weekly work schedule; and their English versions under /en/."""

import datetime
import functools
import re

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation

from longkhanh import site_url
from longkhanh.models import SiteSettings
from longkhanh.text import clean_query, fold
from organisation.models import (
    Entry,
    Page,
    Person,
    Unit,
    Week,
    iso_week,
    monday_of,
    tel_target,
)

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def english(view):
    """The view's page in English: Django's translation machinery on for its rendering, so
    the chrome (menu, footer, headings) comes out in English (locale/en/)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override("en"):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        response.headers["Content-Language"] = "en"
        return response

    return wrapper


def alternates(vi="", en=""):
    """The two language versions of a page, for hreflang links and the language switch."""
    return {
        "vi": site_url.absolute_url(None, vi) if vi else "",
        "en": site_url.absolute_url(None, en) if en else "",
    }


# The introduction pages


def tree(rows):
    """[(row, children)] of rows with a `parent_id`, in their order; children the same shape. A
    row whose parent is not among them (an unpublished page, a hidden unit) is shown at the top
    rather than vanishing."""
    by_parent = {}
    for row in rows:
        by_parent.setdefault(row.parent_id, []).append(row)
    known = {row.pk for row in rows}

    def branch(parent_id, seen):
        return [
            (row, branch(row.pk, seen | {row.pk}))
            for row in by_parent.get(parent_id, [])
            if row.pk not in seen
        ]

    roots = [row for row in rows if row.parent_id is None or row.parent_id not in known]
    return [(row, branch(row.pk, frozenset({row.pk}))) for row in roots]


def page_index(request):
    pages = Page.objects.published().only("title", "slug", "summary", "parent_id", "position")
    return render(
        request,
        "organisation/page_index.html",
        {"tree": tree(list(pages)), "canonical": site_url.absolute_url(request, request.path)},
    )


def page_detail(request, slug):
    page = get_object_or_404(Page.objects.published().select_related("parent"), slug=slug)
    children = page.children.published()
    trail = [p for p in page.ancestors() if p.is_public]
    context = {
        "page": page,
        "trail": trail,
        "children": children,
        # The menu marks the top page this one is under (when that one is in the menu).
        "menu_within": trail[0].get_absolute_url() if trail else "",
        "canonical": site_url.absolute_url(request, page.get_absolute_url()),
        "alternates": alternates(page.get_absolute_url(), page.get_english_url()),
    }
    return render(request, "organisation/page.html", context)


# The structure, units and people


def public_units(english=False):
    units = Unit.objects.filter(active=True).only(
        "name", "name_en", "slug", "kind", "parent_id", "phone", "position"
    )
    return [u for u in units if u.name_en] if english else list(units)


def organisation_json_ld(request, units):
    site = SiteSettings.current(request)
    return {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": site.agency or site.site_title,
        "url": site_url.absolute_url(request, "/"),
        "address": site.address,
        "telephone": site.phones,
        "email": site.email,
        "subOrganization": [
            {
                "@type": "GovernmentOrganization",
                "name": unit.name,
                "url": site_url.absolute_url(request, unit.get_absolute_url()),
            }
            for unit in units
        ],
    }


def structure(request):
    units = public_units()
    context = {
        "tree": tree(units),
        "json_ld": organisation_json_ld(request, units),
        "canonical": site_url.absolute_url(request, request.path),
        "alternates": alternates(request.path, reverse("organisation:en-structure")),
    }
    return render(request, "organisation/structure.html", context)


def people_of(unit):
    return unit.people.filter(active=True).order_by("position", "name")


def unit_json_ld(request, unit, people, english=False):
    name = unit.name_en if english else unit.name
    url = unit.get_english_url() if english else unit.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": name,
        "url": site_url.absolute_url(request, url),
        "address": (unit.address_en or unit.address) if english else unit.address,
        "telephone": unit.phone,
        "faxNumber": unit.fax,
        "email": unit.email,
        "employee": [person_json_ld(request, p, english) for p in people],
        "contactPoint": [
            {
                "@type": "ContactPoint",
                "contactType": "public information" if english else "cung cấp thông tin",
                "name": p.name,
                "telephone": p.phone,
                "email": p.email,
            }
            for p in people
            if p.is_contact_point
        ],
    }
    if unit.parent_id and unit.parent.active:
        data["parentOrganization"] = {"@type": "GovernmentOrganization", "name": unit.parent.name}
    return {key: value for key, value in data.items() if value}


def person_json_ld(request, person, english=False):
    data = {
        "@type": "Person",
        "name": person.name,
        "jobTitle": (person.title_en or person.title) if english else person.title,
        "telephone": person.phone,
        "email": person.email,
        "worksFor": {"@type": "GovernmentOrganization", "name": person.unit.name},
    }
    if person.portrait:
        data["image"] = site_url.absolute_url(request, person.portrait["src"])
    return {key: value for key, value in data.items() if value}


def unit_detail(request, slug):
    unit = get_object_or_404(Unit.objects.select_related("parent"), slug=slug, active=True)
    people = list(people_of(unit).select_related("unit"))
    context = {
        "unit": unit,
        "people": people,
        "children": unit.children.filter(active=True),
        "json_ld": unit_json_ld(request, unit, people),
        "canonical": site_url.absolute_url(request, unit.get_absolute_url()),
        "alternates": alternates(unit.get_absolute_url(), unit.get_english_url()),
    }
    return render(request, "organisation/unit.html", context)


def go_to_unit(request):
    """The sidebar's ward picker, without JavaScript: the chosen ward's own website, or its
    page here when it has none."""
    unit = Unit.objects.filter(slug=request.GET.get("don_vi", ""), active=True).first()
    if unit is None:
        return redirect("organisation:structure")
    return redirect(unit.website or unit.get_absolute_url())


def leaders_of():
    leaders = Person.objects.filter(active=True, is_leader=True, unit__active=True)
    return list(leaders.select_related("unit").order_by("position", "name"))


def leaders(request):
    people = leaders_of()
    context = {
        "people": people,
        "json_ld": {
            "@context": "https://schema.org",
            "@graph": [person_json_ld(request, p) for p in people],
        },
        "canonical": site_url.absolute_url(request, request.path),
        "alternates": alternates(request.path, reverse("organisation:en-leaders")),
    }
    return render(request, "organisation/leaders.html", context)


def directory(query):
    """The people whose name, title or unit holds every word of `query` as whole words, with or
    without diacritics ("van phong", "Văn phòng"); those holding the words together as a phrase
    ("Văn phòng HĐND", not "Phạm Văn Đức, Trưởng phòng") when there are any; everyone with no
    query."""
    people = Person.objects.filter(active=True, unit__active=True).select_related("unit")
    people = people.order_by("unit__position", "unit__name", "position", "name")
    words = directory_words(query)
    if not words:
        return list(people)
    for word in words:
        people = people.filter(search_key__contains=f" {word} ")
    found = list(people)
    phrase = f" {' '.join(words)} "
    together = [person for person in found if phrase in person.search_key]
    return together or found


def directory_words(query):
    """The words of `query` as Person.directory_key() holds them (folded letters and digits):
    "Xuân-An" is the words "xuan an", and "!!!" has none."""
    return re.findall(r"[0-9a-z]+", fold(query).lower())[:10]


def grouped_by_unit(people):
    groups = []
    for person in people:
        if not groups or groups[-1][0] != person.unit:
            groups.append((person.unit, []))
        groups[-1][1].append(person)
    return groups


def contacts(request, template="organisation/contacts.html", english=False):
    query = clean_query(request.GET.get("q", ""), 100)
    people = directory(query)
    if english:
        people = [p for p in people if p.unit.name_en]
    site = SiteSettings.current(request)
    # Punctuation only: nothing to look for, said under the box (400), as on the site's other
    # searches, not "nobody matches" as if the directory had been searched.
    nothing = bool(query) and not directory_words(query)
    context = {
        # Not "query", which the header's search box shows: this is not a search of the site.
        "keyword": query,
        "nothing_to_find": nothing,
        "groups": grouped_by_unit(people),
        "count": len(people),
        "hotline": site.hotline,
        "hotline_tel": tel_target(site.hotline),
        "contact_points": [p for p in people if p.is_contact_point] if not query else [],
        "json_ld": {
            "@context": "https://schema.org",
            "@type": "GovernmentOrganization",
            "name": site.agency_en
            if english and site.agency_en
            else (site.agency or site.site_title),
            "url": site_url.absolute_url(request, "/"),
            "contactPoint": (
                [{"@type": "ContactPoint", "contactType": "hotline", "telephone": site.hotline}]
                if site.hotline
                else []
            )
            + [
                {
                    "@type": "ContactPoint",
                    "contactType": "public information" if english else "cung cấp thông tin",
                    "name": p.name,
                    "telephone": p.phone,
                    "email": p.email,
                }
                for p in people
                if p.is_contact_point
            ],
        },
        "canonical": site_url.absolute_url(request, request.path),
        "alternates": alternates(
            reverse("organisation:contacts"), reverse("organisation:en-contacts")
        ),
    }
    return render(request, template, context, status=400 if nothing else 200)


# The weekly work schedule


def week_start(request):
    """The Monday of `?tuan=2026-W48` (an ISO week), or of this week; 404 on a malformed one."""
    value = request.GET.get("tuan", "")
    if not value:
        return monday_of(timezone.localdate())
    match = WEEK.match(value)
    if not match or not 1900 <= int(match[1]) <= 2999:  # its neighbours must be dates too
        raise Http404("Tuần không hợp lệ: hãy dùng dạng 2026-W48.")
    try:
        return datetime.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError as exc:
        raise Http404("Tuần không hợp lệ.") from exc


def nearest(weeks):
    """(Monday, ISO week code) of the first of `weeks`, or None."""
    start = weeks.values_list("starts_on", flat=True).first()
    return (start, iso_week(start)) if start else None


def schedule_context(request):
    start = week_start(request)
    week = Week.objects.published().filter(starts_on=start).first()
    entries = (
        week.entries.prefetch_related(
            Prefetch("leaders", queryset=Person.objects.order_by("position", "name"))
        )
        if week
        else Entry.objects.none()
    )
    by_day = {}
    for entry in entries:
        by_day.setdefault(entry.day, []).append(entry)
    days = [start + datetime.timedelta(days=n) for n in range(7)]
    previous, following = start - datetime.timedelta(days=7), start + datetime.timedelta(days=7)
    published = Week.objects.published()
    return {
        "week": week,
        "start": start,
        "end": days[-1],
        "week_code": iso_week(start),
        "days": [
            (day, by_day.get(day, [])) for day in days if by_day.get(day) or day.weekday() < 5
        ],
        "today": timezone.localdate(),
        "previous": iso_week(previous),
        "following": iso_week(following),
        # A week without a schedule leads to the nearest that has one, either side (the week
        # just before may be empty too: a resident on next week's page before it is published).
        "nearest_before": nearest(published.filter(starts_on__lt=start).order_by("-starts_on")),
        "nearest_after": nearest(published.filter(starts_on__gt=start).order_by("starts_on")),
        "this_week": iso_week(monday_of(timezone.localdate())),
        "canonical": site_url.absolute_url(request, request.get_full_path()),
    }


def schedule(request):
    return render(request, "organisation/schedule.html", schedule_context(request))


def schedule_print(request):
    """The week on one A4 page, landscape, with nothing but the schedule."""
    return render(request, "organisation/schedule_print.html", schedule_context(request))


# English


def en_home(request):
    site = SiteSettings.current(request)
    pages = [p for p in Page.objects.published().filter(parent=None) if p.has_english]
    context = {
        "pages": pages,
        "leaders": [p for p in leaders_of() if p.unit.name_en][:6],
        "site": site,
        "canonical": site_url.absolute_url(request, request.path),
        "alternates": alternates("/", request.path),
    }
    return render(request, "organisation/en/home.html", context)


def en_page(request, slug):
    page = get_object_or_404(Page.objects.published(), slug=slug)
    if not page.has_english:
        raise Http404("This page has no English version.")
    children = [p for p in page.children.published() if p.has_english]
    context = {
        "page": page,
        "children": children,
        "canonical": site_url.absolute_url(request, page.get_english_url()),
        "alternates": alternates(page.get_absolute_url(), page.get_english_url()),
    }
    return render(request, "organisation/en/page.html", context)


def en_structure(request):
    units = public_units(english=True)
    context = {
        "tree": tree(units),
        "canonical": site_url.absolute_url(request, request.path),
        "alternates": alternates(reverse("organisation:structure"), request.path),
    }
    return render(request, "organisation/en/structure.html", context)


def en_unit(request, slug):
    unit = get_object_or_404(
        Unit.objects.select_related("parent").exclude(name_en=""), slug=slug, active=True
    )
    people = list(people_of(unit).select_related("unit"))
    context = {
        "unit": unit,
        "people": people,
        "children": unit.children.filter(active=True).exclude(name_en=""),
        "json_ld": unit_json_ld(request, unit, people, english=True),
        "canonical": site_url.absolute_url(request, unit.get_english_url()),
        "alternates": alternates(unit.get_absolute_url(), unit.get_english_url()),
    }
    return render(request, "organisation/en/unit.html", context)


def en_leaders(request):
    people = [p for p in leaders_of() if p.unit.name_en]
    context = {
        "people": people,
        "json_ld": {
            "@context": "https://schema.org",
            "@graph": [person_json_ld(request, p, english=True) for p in people],
        },
        "canonical": site_url.absolute_url(request, request.path),
        "alternates": alternates(reverse("organisation:leaders"), request.path),
    }
    return render(request, "organisation/en/leaders.html", context)


def en_contacts(request):
    return contacts(request, "organisation/en/contacts.html", english=True)
