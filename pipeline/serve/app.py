"""The web application (Starlette): the catalogue, the review pages, their actions, ``output/``.

Routes:

- ``GET /`` (and ``/index.html``): the catalogue, built on each request from ``output/`` and the
  ledger, so it also lists failed articles (with their error) and articles still waiting;
- ``GET /<slug>/corrections.html``: the review page (the static file of the same name stays on disk
  and works read-only from ``file://`` or any static server);
- ``POST /<slug>/review`` and ``POST /_serve/reviewer``: state changes (CSRF token + same Origin);
- ``GET /_serve/status.json`` / ``/_serve/status.js``: rebuild progress for the pages;
- everything else: files under ``output/`` (see :mod:`pipeline.serve.static`).
"""

from __future__ import annotations

import urllib.parse
from importlib import resources

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route

from .. import __version__
from ..config import Project
from ..corrections_store import Conflict
from ..errors import CorrectionsError, PipelineError, UsageError
from ..files import slugify
from ..render import render
from . import security
from .rebuild import Rebuilder
from .review import ACTIONS, act, article_path, page_data
from .static import OutputFiles, refused
from .status import catalogue_data, status_for

MAX_FORM = 64 * 1024
PAGE_HEADERS = {
    "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
}
DONE = {"approve": "Approved", "edit": "Approved with your fix", "reject": "Rejected", "undo": "Back to proposed"}


def create_app(project: Project, rebuilder: Rebuilder, *, watching: bool = False,
               guard: security.Guard | None = None) -> Starlette:
    guard = guard or security.Guard()
    project.output.mkdir(parents=True, exist_ok=True)

    def page(request: Request, html: str, status: int = 200) -> HTMLResponse:
        resp = HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)
        if not guard.session(request):
            guard.set_session(resp, request.state.session, secure=request.url.scheme == "https")
        return resp

    def session(request: Request) -> str:
        request.state.session = guard.session(request) or guard.new_session()
        return request.state.session

    async def catalogue(request: Request) -> Response:
        session(request)
        data = await run_in_threadpool(catalogue_data, project, rebuilder)
        return page(request, render("serve_catalogue.html", **data, watching=watching, version=__version__,
                                    status_text=status_for(project, rebuilder)["text"]))

    async def review_page(request: Request, *, error: str = "", status: int = 200) -> Response:
        slug = checked_slug(project, request.path_params["slug"])
        token = guard.token(session(request))
        try:
            data = await run_in_threadpool(page_data, project, slug)
        except PipelineError as e:
            return page(request, render_problem(f"error[{e.code}]: {e}"), 500)
        action, ident = request.query_params.get("done", ""), request.query_params.get("id", "")
        message = f"{DONE[action]}: {ident}. The article is being rebuilt." if action in DONE and not error else ""
        doc = data.pop("document")
        html = render("serve_review.html", **data, csrf=token, reviewer=security.reviewer(request), error=error,
                      message=message, title=doc.get("title") or slug, language=doc.get("language") or "en",
                      has_summary=(project.output / slug / "summary.html").is_file(),
                      status_text=status_for(project, rebuilder, slug)["text"])
        return page(request, html, status)

    async def review_post(request: Request) -> Response:
        slug = checked_slug(project, request.path_params["slug"])
        form = await read_form(request)
        why = guard.check(request, form)
        if why:
            return forbidden(why)
        action, ident = form.get("action", ""), form.get("id", "")
        if action not in ACTIONS or not ident:
            return forbidden("unknown action", 400)
        try:
            entry = await run_in_threadpool(act, project, slug, action, ident, security.reviewer(request),
                                            right=form.get("right"))
        except PipelineError as e:
            return await review_page(request, error=str(e), status=error_status(e))
        article = None if entry.scope == "all" else article_path(project, slug)
        if entry.scope == "all" or article is not None:
            rebuilder.request(None if article is None else [article], f"{action} {ident}", slugs={slug})
        query = urllib.parse.urlencode({"done": action, "id": ident})
        return RedirectResponse(f"/{slug}/corrections.html?{query}", status_code=303)

    async def set_reviewer(request: Request) -> Response:
        form = await read_form(request)
        why = guard.check(request, form)
        if why:
            return forbidden(why)
        name = security.clean_name(form.get("name", ""))
        if not name:
            return forbidden("please enter a name", 400)
        back = form.get("back", "")
        target = f"/{back}/corrections.html" if back and back == _safe_slug(back) else "/"
        resp = RedirectResponse(target, status_code=303)
        security.set_reviewer(resp, name, secure=request.url.scheme == "https")
        return resp

    async def status_json(request: Request) -> Response:
        slug = request.query_params.get("slug") or None
        if slug is not None and slug != _safe_slug(slug):
            raise HTTPException(404)
        data = await run_in_threadpool(status_for, project, rebuilder, slug)
        return JSONResponse(data, headers={"cache-control": "no-store"})

    async def status_js(request: Request) -> Response:
        js = resources.files("pipeline").joinpath("templates/serve_status.js").read_text("utf-8")
        return Response(js, media_type="text/javascript; charset=utf-8", headers={"cache-control": "no-cache"})

    routes = [
        Route("/", catalogue), Route("/index.html", catalogue),
        Route("/_serve/status.json", status_json), Route("/_serve/status.js", status_js),
        Route("/_serve/reviewer", set_reviewer, methods=["POST"]),
        Route("/{slug}/corrections.html", review_page),
        Route("/{slug}/review", review_post, methods=["POST"]),
        Mount("/", app=OutputFiles(project.output)),
    ]
    return _Refuse(Starlette(routes=routes))


class _Refuse:
    """ASGI wrapper: paths with dot segments, encoded slashes or hidden names are 404 for every route."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and refused(scope):
            await Response("Not Found", status_code=404, media_type="text/plain")(scope, receive, send)
            return
        await self.app(scope, receive, send)


def error_status(e: PipelineError) -> int:
    """409 when the file or the article changed under the editor, 400 for a bad request, else 500."""
    if isinstance(e, (Conflict, CorrectionsError)):
        return 409
    return 400 if isinstance(e, UsageError) else 500


def _safe_slug(s: str) -> str | None:
    try:
        return slugify(s)
    except UsageError:
        return None


def checked_slug(project: Project, slug: str) -> str:
    """The slug of an article that exists (in seeds/ or output/), else 404."""
    if slug != _safe_slug(slug):
        raise HTTPException(404)
    if not (project.output / slug / "report.json").is_file() and article_path(project, slug) is None:
        raise HTTPException(404)
    return slug


async def read_form(request: Request) -> dict[str, str]:
    """A urlencoded form (what a browser's plain <form> sends), at most 64 KiB."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/x-www-form-urlencoded":
        raise HTTPException(415, "forms only (application/x-www-form-urlencoded)")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM:
            raise HTTPException(413)
    try:
        pairs = urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        raise HTTPException(400, "form not UTF-8") from None
    return {k: v for k, v in pairs}


def forbidden(why: str, status: int = 403) -> Response:
    return HTMLResponse(render_problem(why), status_code=status, headers=PAGE_HEADERS)


def render_problem(message: str) -> str:
    return render("serve_problem.html", message=message)
