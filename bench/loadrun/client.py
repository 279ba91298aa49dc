"""A browser-like client made of the standard library only: a cookie jar, one keep-alive
connection per gunicorn port (requests alternate between them), forms and links read from
the HTML the app serves, and every request timed into a shared Recorder."""

import http.client
import http.cookiejar
import itertools
import threading
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    fields: dict = field(default_factory=dict)  # name -> first value (hidden, text, date)
    choices: dict = field(default_factory=dict)  # radio/select name -> values offered
    textareas: list = field(default_factory=list)


class PageParser(HTMLParser):
    """The links and forms of a page (inputs outside their form via form= are ignored)."""

    def __init__(self, url):
        super().__init__(convert_charrefs=True)
        self.url, self.links, self.forms, self._form, self._select = url, [], [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(urllib.parse.urljoin(self.url, a["href"]))
        elif tag == "form":
            action = urllib.parse.urljoin(self.url, a.get("action") or self.url)
            self._form = Form(action, (a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is None or "form" in a:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind == "radio":
                self._form.choices.setdefault(a["name"], []).append(a.get("value", ""))
            elif kind not in ("checkbox", "file", "submit"):
                self._form.fields.setdefault(a["name"], a.get("value") or "")
        elif tag == "textarea" and a.get("name"):
            self._form.textareas.append(a["name"])
        elif tag == "select" and a.get("name"):
            self._select = self._form.choices.setdefault(a["name"], [])
        elif tag == "option" and self._select is not None and a.get("value"):
            self._select.append(a["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


@dataclass
class Page:
    url: str
    status: int
    body: str
    location: str = ""

    def parsed(self):
        parser = PageParser(self.url)
        parser.feed(self.body)
        return parser

    def path(self):
        return urllib.parse.urlsplit(self.url).path


class Recorder:
    """Every request's page kind, duration and status; problems in words. Thread-safe."""

    def __init__(self, budget, deadline):
        self.samples, self.errors, self.lock = [], [], threading.Lock()
        self.budget, self.deadline, self.started = budget, deadline, time.monotonic()

    def add(self, kind, seconds, status):
        with self.lock:
            self.samples.append((kind, seconds, status))

    def error(self, text):
        with self.lock:
            self.errors.append(text)

    def more(self):
        return len(self.samples) < self.budget and time.monotonic() < self.deadline


class Unexpected(Exception):
    """A page answered other than a working browser would be answered: counted as an error."""


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     f"{value}\r\n".encode())  # fmt: skip
    for name, filename, content_type, data in files:
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n')  # fmt: skip
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Browser:
    def __init__(self, ports, recorder, name):
        self.ports, self.recorder, self.name = ports, recorder, name
        self.jar = http.cookiejar.CookieJar()
        self.connections = {}
        self._next_port = itertools.cycle(ports)

    def close(self):
        for connection in self.connections.values():
            connection.close()

    def _send(self, method, path, body, headers):
        port = next(self._next_port)
        url = f"http://127.0.0.1:{port}{path}"
        request = urllib.request.Request(url, method=method, headers=headers)
        self.jar.add_cookie_header(request)
        headers = {**dict(request.header_items()), "Accept-Language": "id"}
        for attempt in (1, 2):
            connection = self.connections.get(port)
            if connection is None:
                connection = self.connections[port] = http.client.HTTPConnection(
                    "127.0.0.1", port, timeout=60
                )
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                connection.close()  # a kept-alive connection the server closed: once more
                del self.connections[port]
                if attempt == 2 or method != "GET":
                    raise
        self.jar.extract_cookies(_Shim(response), request)
        return url, response, data

    def request(self, kind, method, path, body=None, headers=None, expect=(200,)):
        start = time.perf_counter()
        try:
            url, response, data = self._send(method, path, body, headers or {})
        except Exception as problem:
            self.recorder.add(kind, time.perf_counter() - start, 0)
            raise Unexpected(f"{self.name}: {method} {path}: {problem!r}") from problem
        self.recorder.add(kind, time.perf_counter() - start, response.status)
        page = Page(url, response.status, data.decode("utf-8", "replace"),
                    response.getheader("Location") or "")  # fmt: skip
        if response.status not in expect:
            raise Unexpected(f"{self.name}: {method} {path} answered {response.status}")
        return page

    def get(self, kind, path, expect=(200,)):
        return self.request(kind, "GET", _path(path), expect=expect)

    def post(self, kind, url, fields, files=(), expect=(302,)):
        referer = {"Referer": url}
        if files:
            body, content_type = multipart(fields, files)
        else:
            body, content_type = urllib.parse.urlencode(fields).encode(), None
        headers = {"Content-Type": content_type or "application/x-www-form-urlencoded", **referer}
        return self.request(kind, "POST", _path(url), body, headers, expect)

    def follow(self, kind, page):
        return self.get(kind, page.location)

    def login(self, username, password):
        form = self._login_form()
        fields = {**form.fields, "username": username, "password": password}
        page = self.post("login (POST)", form.action, fields)
        if page.location.rstrip("/").endswith("/accounts/login"):
            raise Unexpected(f"{self.name}: the login of {username} was refused")
        return self.follow("home", page)

    def _login_form(self):
        page = self.get("login page", "/accounts/login/")
        for form in page.parsed().forms:
            if form.action.endswith("/accounts/login/"):
                return form
        raise Unexpected(f"{self.name}: no login form on the login page")


def _path(url):
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class _Shim:
    """What http.cookiejar needs of a response: its headers."""

    def __init__(self, response):
        self._response = response

    def info(self):
        return self._response.msg
