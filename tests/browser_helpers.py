"""What the browser tests share beyond pages and sizes: waiting on the page's own state."""

import time

from playwright.sync_api import TimeoutError as PlaywrightTimeout


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


def choose_by_keyboard(page, files, attempts=3):
    """Open the focused file input's chooser with Space, as a keyboard user does, and pick
    `files`. On a busy machine the browser now and then loses the keystroke that asks for
    the chooser (a chooser that comes does so within a second); like a user, press again."""
    for attempt in range(attempts):
        try:
            with page.expect_file_chooser(timeout=10_000) as chooser:
                page.keyboard.press("Space")
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            continue
        chooser.value.set_files(files)
        return
