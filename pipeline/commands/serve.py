"""``pipeline serve``: output/ over HTTP with review in the browser; ``pipeline watch``: new articles
processed as they arrive (also ``serve --watch``)."""

from __future__ import annotations

import dataclasses
import errno
import socket
import sys
import threading

from ..outputs import OUTPUTS
from ..errors import UsageError

HELP = "serve output/ (catalogue, players, feed) with review in the browser; --watch processes new articles"
HELPS = {
    "serve": HELP,
    "watch": "process articles dropped into seeds/ (and re-process after edited corrections or glossary) as they arrive",
}


def add_arguments(parser, name: str) -> None:
    if name == "serve":
        parser.add_argument("--host", default="127.0.0.1",
                            help="address to listen on (default: 127.0.0.1, this machine only; there are no "
                                 "user accounts, see README)")
        parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
        parser.add_argument("--watch", action="store_true", help="also process new articles as they arrive")
    else:
        parser.add_argument("--base-url", help="public URL of output/ for feed.xml (default: $PIPELINE_BASE_URL, "
                                               "pipeline.toml's base_url, or http://localhost:8000/)")
    parser.add_argument("--stages", help=f"comma-separated subset of: {', '.join(OUTPUTS)} (default: all)")
    parser.add_argument("--workers", type=int, help="worker processes per batch (default: pipeline.toml [batch] "
                                                    "workers, else all cores)")


def _stages(args) -> list[str]:
    stages = [s.strip() for s in (args.stages or "").split(",") if s.strip()]
    unknown = [s for s in stages if s not in OUTPUTS]
    if unknown:
        raise UsageError(f"unknown stage(s) {', '.join(unknown)}; stages are: {', '.join(OUTPUTS)}")
    if args.workers is not None and args.workers < 0:
        raise UsageError("--workers must be 0 (all cores) or more")
    return stages


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def run(args, project) -> int:
    stages = _stages(args)
    if args.command == "watch":
        return watch_only(project, args, stages)
    return serve(project, args, stages)


def watch_only(project, args, stages) -> int:
    from ..serve.rebuild import Rebuilder
    from ..serve.watcher import Watcher

    if not project.seeds.is_dir():
        raise UsageError(f"no folder {project.seeds} to watch")
    rebuilder = Rebuilder(project, base_url=project.settings.base_url, stages=stages,
                          workers=project.settings.workers, log=log)
    watcher = Watcher(project, rebuilder)
    rebuilder.request(None, "catching up at start")
    try:
        watcher.run()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop.set()
        rebuilder.close()
    log("stopped watching")
    return 0


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, or one clear error (port taken, not allowed, unknown address)."""
    if not 0 <= port <= 65535:
        raise UsageError(f"--port {port} is not a port number (0-65535)")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        # IPv4 first: "localhost" then answers on 127.0.0.1, the address browsers and proxies try first
        family, kind, proto, _, addr = sorted(infos, key=lambda i: i[0] != socket.AF_INET)[0]
    except socket.gaierror as e:
        raise UsageError(f"--host {host!r} is not an address of this machine: {e.strerror}") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(addr)
        sock.listen(128)
    except OSError as e:
        sock.close()
        if e.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} on {host} is already in use (another server, or a `pipeline serve` "
                             "still running)", hint=f"pick another port: pipeline serve --port {port + 1}") from None
        if e.errno == errno.EACCES:
            raise UsageError(f"not allowed to listen on port {port}",
                             hint="ports below 1024 need root; use --port 8000 behind a reverse proxy") from None
        raise UsageError(f"cannot listen on {host}:{port}: {e.strerror}") from None
    return sock


def served_url(host: str, sock: socket.socket) -> str:
    port = sock.getsockname()[1]
    name = socket.getfqdn() if host in ("0.0.0.0", "::", "") else host
    if ":" in name:
        name = f"[{name}]"
    return f"http://{name}:{port}/"


def serve(project, args, stages) -> int:
    import uvicorn

    from ..batch.catalogue import collect
    from ..batch.feed import write_feed
    from ..serve import feed_base_url
    from ..serve.app import create_app
    from ..serve.rebuild import Rebuilder
    from ..serve.watcher import Watcher

    sock = bind(args.host, args.port)
    url = served_url(args.host, sock)
    base = feed_base_url(project.settings, url)
    rebuilder = Rebuilder(project, base_url=base, stages=stages, workers=project.settings.workers, log=log)
    app = create_app(project, rebuilder, watching=args.watch)
    if (project.output / "feed.xml").is_file() and base != project.settings.base_url:
        served = dataclasses.replace(project, run_settings=dataclasses.replace(project.settings, base_url=base))
        write_feed(served, collect(served))  # the feed's links point at this server
    watcher = None
    if args.watch:
        watcher = Watcher(project, rebuilder)
        threading.Thread(target=watcher.run, name="watcher", daemon=True).start()
        rebuilder.request(None, "catching up at start")
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        log(f"warning: listening on {args.host}: anyone who can reach it can approve corrections "
            "(no accounts; put it behind the newsroom's authentication)")
    print(f"serving {project.output} at {url} (Ctrl-C to stop)", flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False, lifespan="off")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        if watcher:
            watcher.stop.set()
        rebuilder.close()
        sock.close()
    return 0
