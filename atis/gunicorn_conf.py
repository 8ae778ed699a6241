"""The production server's configuration: `atis serve`, or `gunicorn -c
python:atis.gunicorn_conf` (see docs/admin-guide.md, "Serving").

Every value can be set from the environment; the defaults suit a machine that serves ATIS
alone. The application is loaded once in the master before the workers are forked, so a
wrong setting or key stops the start with one line instead of workers restarting for ever.
"""

import multiprocessing
import os
import shutil

from atis.config import VAR_DIR, integer

wsgi_app = "atis.wsgi:application"
preload_app = True
bind = os.environ.get("ATIS_BIND", "127.0.0.1:8000").split(",")
# Threads wait on the database while the others run: two workers per core, four threads each.
worker_class = "gthread"
workers = integer("ATIS_WEB_WORKERS", 2 * multiprocessing.cpu_count(), minimum=1)
threads = integer("ATIS_WEB_THREADS", 4, minimum=1)
# A request still running after `timeout` seconds is ended (the database ends its statement
# sooner: ATIS_DB_STATEMENT_TIMEOUT); on reload or stop, requests get `graceful_timeout`.
timeout = integer("ATIS_WEB_TIMEOUT", 60, minimum=1)
graceful_timeout = integer("ATIS_WEB_GRACEFUL_TIMEOUT", 30, minimum=1)
keepalive = 5
# Workers are replaced now and then, so memory a long-running process gathers is returned.
max_requests = integer("ATIS_WEB_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
# Only the proxies named may say that a request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("ATIS_TRUSTED_PROXIES", "127.0.0.1")
# The access log has the path without its query string: filters never reach the log.
accesslog = os.environ.get("ATIS_ACCESS_LOG", "-")
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
# Reload and stop by signals (HUP, TERM) from the process supervisor; no control socket.
control_socket_disable = True

# Each worker writes its metrics here, and /metrics sums them (atis/web/metrics.py). Set
# before the application is loaded, emptied at each start.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(VAR_DIR / "prometheus"))
shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"])


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
