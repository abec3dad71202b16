"""An unpublished article is gone at once from every worker and every server, not within the
page cache's lifetime: a legal takedown cannot wait 15 seconds (longkhanh/generation.py)."""

import contextlib

import pytest

from tests import servers
from tests.helpers import SEED_URL
from tests.servers import gunicorn, manage, portal_env

UNPUBLISH = (
    "from news.models import Article; a = Article.objects.get(slug={slug!r}); "
    "a.status = 'draft'; a.save()"
)
REQUESTS = 40  # enough that every worker of every server answers some


def statuses(ports):
    return [
        servers.request(host, port, SEED_URL)[0] for host, port in ports for _ in range(REQUESTS)
    ]


@pytest.mark.parametrize("shared", ["one server, a file", "two servers, Redis"])
def test_unpublishing_takes_the_page_down_on_every_worker_and_server_at_once(
    tmp_path, request, shared
):
    extra = {}
    if shared == "two servers, Redis":
        redis_url = request.getfixturevalue("redis_url")
        import redis

        redis.Redis.from_url(redis_url).delete("longkhanh:generation")
        extra["REDIS_URL"] = redis_url
    count = 2 if extra else 1
    with portal_env(tmp_path, **extra) as env:
        with contextlib.ExitStack() as stack:
            ports = [
                stack.enter_context(gunicorn(env, tmp_path / f"s{n}", workers=3))[:2]
                for n in range(count)
            ]
            assert set(statuses(ports)) == {200}  # cached now by every worker
            manage(env, "shell", "-c", UNPUBLISH.format(slug=SEED_URL.split("/")[2]))
            assert set(statuses(ports)) == {404}
