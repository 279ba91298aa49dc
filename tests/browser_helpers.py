"""What the browser tests share beyond pages and sizes: waiting on the page's own state."""

import time


def wait_until(page, predicate, arg=None, timeout=15):
    """Poll `predicate` (a JavaScript function of `arg`) in the page until it returns true.

    Playwright's page.wait_for_function polls with eval inside the page, which the app's
    Content Security Policy (no 'unsafe-eval') refuses whenever the first try is false;
    page.evaluate goes through the browser's debugging protocol and is not subject to it."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s: {predicate} ({arg!r})")
        page.wait_for_timeout(50)


def settled(page):
    """Wait until no CSS transition or animation runs (a modal fading in, a button's colour
    changing), so what is measured is what the user ends up seeing."""
    wait_until(page, "() => document.getAnimations().every(a => a.playState !== 'running')")
