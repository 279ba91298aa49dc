"""What each kind of client does, one round at a time, on links and forms read from the
pages. A round's decisions go into the Ledger only after the app confirmed them."""

import hashlib
import random
import re
import threading
import time
from dataclasses import dataclass, field

from .client import Browser, Unexpected

CELL = re.compile(r"/plans/[\w-]+/\d+/evidence/(\d+)/(\d+)/$")
PLAN = re.compile(r"/plans/[\w-]+/\d+/$")
MATRIX = re.compile(r"/plans/[\w-]+/\d+/matrix/$")


@dataclass
class Ledger:
    uploads: list = field(default_factory=list)  # (sha256, name, requirement, month)
    decisions: list = field(default_factory=list)  # (file public_id, approve|return)
    ticks: list = field(default_factory=list)  # (requirement, month)
    surveys: int = 0
    conflicts: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name, item):
        with self.lock:
            if name == "surveys":
                self.surveys += 1
            else:
                getattr(self, name).append(item)


def outcome(page):
    """success / conflict (the app refused because someone else acted first) from the alerts."""
    if "alert-success" in page.body:
        return "success"
    if "alert-warning" in page.body or "alert-danger" in page.body:
        return "conflict"
    return "none"


def alert_text(page):
    found = re.search(r'class="alert alert-\w+[^"]*"[^>]*>(.*?)</div>', page.body, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", found.group(1)).strip() if found else "(no message)"


def links(page, pattern):
    return [link for link in page.parsed().links if pattern.search(link)]


def sample_file(counter):
    """A small valid PDF or JPEG whose bytes no other upload has."""
    from tests.samples import jpeg, pdf

    if counter % 3 == 0:
        colour = (counter * 37 % 256, counter * 11 % 256, counter % 256)
        data = jpeg(color=colour, comment=str(counter).encode())
        return f"foto-{counter}.jpg", "image/jpeg", data
    return f"berita-acara-{counter}.pdf", "application/pdf", pdf(f"Berita acara {counter}")


class Client:
    """One simulated person: logs in once, then does rounds until the recorder says stop."""

    counter = iter(range(1, 10**9))
    counter_lock = threading.Lock()

    def __init__(self, name, username, password, ports, recorder, ledger, seed):
        self.name, self.username, self.password = name, username, password
        self.browser = Browser(ports, recorder, name)
        self.recorder, self.ledger, self.random = recorder, ledger, random.Random(seed)

    def next_number(self):
        with self.counter_lock:
            return next(self.counter)

    def run(self):
        try:
            self.start()
            while self.recorder.more():
                try:
                    self.round()
                except Unexpected as problem:
                    self.recorder.error(str(problem))
                    time.sleep(0.2)
        except Unexpected as problem:
            self.recorder.error(str(problem))
        except Exception as problem:  # a bench bug is reported, not hidden
            self.recorder.error(f"{self.name}: {problem!r}")
        finally:
            self.browser.close()

    def start(self):
        self.home = self.browser.login(self.username, self.password)
        plans = links(self.home, PLAN)
        if not plans:
            raise Unexpected(f"{self.name}: the home page links to no plan")
        self.plan = plans[0]

    def round(self):
        raise NotImplementedError


class Staff(Client):
    def start(self):
        super().start()
        mine = self.browser.get("my matrix", self.plan + "matrix/mine/")
        self.cells = links(mine, CELL)
        if not self.cells:
            raise Unexpected(f"{self.name}: my matrix links to no month")

    def round(self):
        cell = self.random.choice(self.cells)
        page = self.browser.get("month panel", cell)
        forms = [f for f in page.parsed().forms if f.action.endswith("/upload/")]
        if not forms:
            raise Unexpected(f"{self.name}: no upload form on {page.path()}")
        number = self.next_number()
        name, content_type, data = sample_file(number)
        requirement, month = CELL.search(cell).groups()
        fields = {**forms[0].fields, "description": f"Bukti beban {number}",
                  "activity_date": f"2021-{int(month):02d}-15"}  # fmt: skip
        answer = self.browser.post("upload (POST)", forms[0].action, fields,
                                   [("files", name, content_type, data)])  # fmt: skip
        after = self.browser.follow("month panel", answer)
        if outcome(after) != "success":
            raise Unexpected(f"{self.name}: upload of {name} not confirmed: {alert_text(after)}")
        sha = hashlib.sha256(data).hexdigest()
        self.ledger.add("uploads", (sha, name, int(requirement), int(month)))


class Lead(Client):
    def round(self):
        if self.random.random() < 0.6:
            self.review()
        else:
            self.tick()

    def review(self):
        queue = self.browser.get("review queue", self.plan + "review/")
        forms = [f for f in queue.parsed().forms if f.fields.get("decision")]
        if not forms:
            return
        approve = self.random.random() < 0.7
        wanted = "approve" if approve else "return"
        choices = [f for f in forms if f.fields["decision"] == wanted]
        form = self.random.choice(choices)
        fields = dict(form.fields)
        for name in form.textareas:
            fields[name] = "Mohon dilengkapi tanda tangan (uji beban)"
        answer = self.browser.post("review (POST)", form.action, fields)
        after = self.browser.follow("review queue", answer)
        file_id = form.action.rstrip("/").split("/")[-2]
        self.record(after, "decisions", (file_id, wanted))

    def tick(self):
        matrix = self.browser.get("matrix", self.plan + "matrix/")
        cells = links(matrix, CELL)
        for cell in self.random.sample(cells, min(3, len(cells))):
            page = self.browser.get("month panel", cell)
            forms = [f for f in page.parsed().forms if f.action.endswith("/realization/")]
            forms = [f for f in forms if f.fields.get("realized") == "1"]
            if forms:
                fields = dict(forms[0].fields)
                for name in forms[0].textareas:
                    fields[name] = "Terlaksana sesuai notulen (uji beban)"
                answer = self.browser.post("tick (POST)", forms[0].action, fields)
                after = self.browser.follow("month panel", answer)
                requirement, month = CELL.search(cell).groups()
                self.record(after, "ticks", (int(requirement), int(month)))
                return

    def record(self, page, name, item):
        result = outcome(page)
        if result == "success":
            self.ledger.add(name, item)
        elif result == "conflict":
            self.ledger.add("conflicts", f"{name} {item}: {alert_text(page)}")
        else:
            raise Unexpected(f"{self.name}: {name} {item} answered with no message")


class Reader(Client):
    """Chairs and evaluators: the matrix, the dashboard and the overview."""

    def start(self):
        super().start()
        self.matrix = (links(self.home, MATRIX) or [self.plan + "matrix/"])[0]

    def round(self):
        self.browser.get("matrix", self.matrix)
        self.browser.get("dashboard", self.plan)
        self.browser.get("overview", "/overview/")
        self.browser.get("home", "/")


class Visitor(Client):
    """A visitor answering the public survey; a new device every few answers."""

    def start(self):
        self.path = self.survey_path
        self.answered = 0

    def round(self):
        if self.answered % 3 == 0:
            self.browser.close()
            self.browser = Browser(self.browser.ports, self.recorder, self.name)
        page = self.browser.get("survey form", self.path)
        forms = [f for f in page.parsed().forms if "website" in f.fields]
        if not forms:
            raise Unexpected(f"{self.name}: no questionnaire on {self.path}")
        fields = dict(forms[0].fields)
        for name, values in forms[0].choices.items():
            fields[name] = self.random.choice(values)
        answer = self.browser.post("survey (POST)", forms[0].action, fields)
        if "terima-kasih" not in answer.location:
            raise Unexpected(f"{self.name}: survey post went to {answer.location!r}")
        self.browser.follow("survey thanks", answer)
        self.answered += 1
        self.ledger.add("surveys", None)


class Baseline(Client):
    """The login page, anonymous: the yardstick the other pages are read against."""

    def start(self):
        pass

    def round(self):
        self.browser.get("login page", "/accounts/login/")


class Hammer(Client):
    """The burst phase: one page as fast as it comes (logged in when a username is given)."""

    def start(self):
        if self.username:
            self.browser.login(self.username, self.password)

    def round(self):
        self.browser.get(self.kind, self.target)
