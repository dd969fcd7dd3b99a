"""Helpers for tests that open the report in headless Chromium: a page whose every request, dialog and
error is recorded, with anything leaving the report's own origin aborted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Watched:
    """A browser context and page that record what a report page tries to do."""

    context: Any
    page: Any
    outside: list[str] = field(default_factory=list)  # requests to another origin (aborted)
    dialogs: list[str] = field(default_factory=list)  # alert/confirm/prompt: a script ran
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions

    def close(self) -> None:
        self.context.close()


def watched_page(browser: Any, base_url: str) -> Watched:
    origin = urlsplit(base_url).netloc
    context = browser.new_context()
    watched = Watched(context, context.new_page())

    def route(request_route: Any) -> None:
        if urlsplit(request_route.request.url).netloc == origin:
            request_route.continue_()
        else:
            watched.outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    watched.page.on("dialog", lambda dialog: (watched.dialogs.append(dialog.message), dialog.dismiss()))
    watched.page.on("console", lambda msg: watched.errors.append(msg.text) if msg.type == "error" else None)
    watched.page.on("pageerror", lambda exc: watched.errors.append(str(exc)))
    return watched
