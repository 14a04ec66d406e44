"""``pipeline serve`` and ``pipeline watch``: output/ over HTTP, review in the browser, new articles
processed as they arrive.

Modules: :mod:`.app` (routes and pages), :mod:`.static` (output/ files: Range, MIME types, no
escapes), :mod:`.security` (CSRF token, same-origin check, reviewer cookie), :mod:`.review` (the
review actions, through :mod:`pipeline.corrections_store`), :mod:`.rebuild` (background batches
through the batch runner), :mod:`.watcher` (watchfiles on seeds/ and voices/).
"""

from __future__ import annotations

from ..settings import DEFAULT_BASE_URL, Settings


def feed_base_url(settings: Settings, served: str) -> str:
    """The public URL of output/ that the feed and pages are built with: the configured one
    (``--base-url``, ``$PIPELINE_BASE_URL`` or ``pipeline.toml``'s ``base_url``), else the URL this
    server is reachable at (the settings' default, ``http://localhost:8000/``, counts as not configured)."""
    return settings.base_url if settings.base_url != DEFAULT_BASE_URL else served
