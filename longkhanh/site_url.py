"""The one place that makes absolute URLs: canonical links, OpenGraph, JSON-LD, feed links.

Today the address is the request's own scheme and host. A later change will use a configured
site address instead; it will only have to change this function.
"""


def absolute_url(request, path):
    """`path` (a site path such as "/tin-tuc/x/", with or without a query) as an absolute URL."""
    return request.build_absolute_uri(path)
