"""Container health check: GET /healthz/ on the local gunicorn.

Django answers 400 to a Host header outside ALLOWED_HOSTS, so the request
names the first concrete host from ALLOWED_HOSTS. /healthz/ is exempt from
the HTTPS redirect. Exit status 0 means healthy, 1 unhealthy. Standard
library only.
"""

import http.client
import os
import sys


def host_header(allowed_hosts):
    for raw in allowed_hosts.split(","):
        host = raw.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main():
    port = int(os.environ.get("HEALTHCHECK_PORT") or os.environ.get("PORT") or 8000)
    timeout = float(os.environ.get("HEALTHCHECK_TIMEOUT", "4"))
    host = host_header(os.environ.get("ALLOWED_HOSTS", ""))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/healthz/", headers={"Host": host})
        response = connection.getresponse()
        body = response.read(500).decode("utf-8", "replace")
    except OSError as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    if response.status != 200:
        print(f"unhealthy: HTTP {response.status} {body}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
