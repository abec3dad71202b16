"""gunicorn settings for the portal: `make run` and production use them (docs/DEPLOYMENT.md)."""

import multiprocessing
import os
import time

# The master's own log lines in the city's time, as the workers' are (Django sets TZ from
# TIME_ZONE in each worker; the master never loads Django).
os.environ["TZ"] = "Asia/Ho_Chi_Minh"
time.tzset()

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = 30  # a request still running after 30 s is killed (nginx waits 35 s)
graceful_timeout = 30  # a request still running after 30 s is killed (nginx waits 35 s)
keepalive = 5
# gunicorn 27 opens a control socket in ~/.gunicorn and removes other instances': not wanted.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Absurd requests are refused before Django sees them (400/414/431): a request line over 8 KB,
# more than 100 header fields, a header over 8 KB. gunicorn has no limit on request bodies:
# Django refuses them from their Content-Length (longkhanh.security.BodyLimitMiddleware: 1 MB,
# 12 MB on the admin's paths), and nginx does the same in front.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
