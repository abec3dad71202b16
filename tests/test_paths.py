"""slug_path: the same paths as reverse(), made without matching the URL patterns each time."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from longkhanh.paths import slug_path


@pytest.mark.parametrize("name", ["news:article", "news:category", "news:author"])
@pytest.mark.parametrize("slug", ["ho-so-truc-tuyen-2", "a", "UBND_2026"])
def test_the_same_path_as_reverse(name, slug):
    assert slug_path(name, slug) == reverse(name, kwargs={"slug": slug})


def test_a_site_under_a_sub_path_gets_its_prefix():
    try:
        set_script_prefix("/cong/")
        assert slug_path("news:article", "bai") == "/cong/tin-tuc/bai/"
        assert slug_path("news:article", "bai") == reverse("news:article", args=["bai"])
    finally:
        set_script_prefix("/")
    assert slug_path("news:article", "bai") == "/tin-tuc/bai/"


@pytest.mark.parametrize("slug", ["", "có dấu", "a/b"])
def test_a_value_that_is_not_a_slug_fails_as_reverse_does(slug):
    with pytest.raises(NoReverseMatch):
        slug_path("news:article", slug)
