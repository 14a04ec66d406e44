"""Running ``pipeline serve`` for real (a subprocess on 127.0.0.1, an ephemeral port) in tests."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

import httpx

from tests.conftest import REPO

PROPOSAL = """
[[correction]]
id = "sg-handpicked"
wrong = "handpicked"
right = "hand-picked"
context = "non-local handpicked candidate"
scope = "000_80aa22d023d213f2"
expected = 1
status = "proposed"
confidence = 0.8
reason = "a compound usually hyphenated before a noun"
"""


class Server:
    def __init__(self, proc: subprocess.Popen, url: str):
        self.proc = proc
        self.url = url
        self.client = httpx.Client(base_url=url, timeout=30, follow_redirects=False)
        self.log: list[str] = []  # the server's stderr

    def raw(self, path: str, method: str = "GET", headers: dict | None = None) -> http.client.HTTPResponse:
        """A request with the path sent exactly as given (no client-side normalisation of .. or %2F)."""
        u = urllib.parse.urlsplit(self.url)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        conn.putrequest(method, path, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders()
        resp = conn.getresponse()
        resp.body = resp.read()
        conn.close()
        return resp

    def status(self, slug: str | None = None) -> dict:
        return self.client.get("/_serve/status.json", params={"slug": slug} if slug else None).json()

    def wait_idle(self, timeout: float = 300, slug: str | None = None, after: int = 0) -> dict:
        """Wait until a rebuild job with id > ``after`` has finished and nothing is queued or running."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            s = self.status(slug)
            if not s["busy"] and any(j["id"] > after for j in s["jobs"]):
                return s
            time.sleep(0.3)
        raise AssertionError(f"rebuild did not finish in {timeout} s: {self.status(slug)}")


@contextlib.contextmanager
def serving(project, *args: str, env: dict | None = None):
    """``pipeline serve --port 0 ARGS`` in a subprocess; yields a Server once it listens."""
    cmd = [sys.executable, "-m", "pipeline", "--seeds", str(project.seeds), "--output", str(project.output),
           "--voices", str(project.voices), "serve", "--port", "0", *args]
    environ = {k: v for k, v in os.environ.items() if k != "PIPELINE_BASE_URL"}
    environ.update({"PYTHONPATH": str(REPO), **(env or {})})
    proc = subprocess.Popen(cmd, cwd=REPO, env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        line = proc.stdout.readline()
        m = re.search(r"at (http://\S+/) ", line)
        if not m:
            raise AssertionError(f"server did not start: {line!r} {proc.stderr.read() if proc.poll() is not None else ''}")
        server = Server(proc, m.group(1))
        threading.Thread(target=lambda: server.log.extend(proc.stderr), daemon=True).start()  # never let it block
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.stdout.close()


def form_token(html: str) -> str:
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def project_with_proposal(root):
    """A copy of the repository's seeds/ and voices/ under ``root``, with one open proposal added."""
    import shutil

    from pipeline.config import Project
    from tests.conftest import REPO

    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "voices", root / "voices")
    (root / "output").mkdir()
    project = Project(seeds=root / "seeds", output=root / "output", voices=root / "voices")
    with open(project.corrections_file, "a", encoding="utf-8") as f:
        f.write(PROPOSAL)
    return project
