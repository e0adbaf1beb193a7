"""The load driver of ``gonghui bench load``: locust, as a library, in a process of its own.

Importing locust patches the standard library with gevent (``monkey.patch_all``): that must never happen in the
Django process or the test suite, so :mod:`.loadbench` runs this module as ``python -m`` with a task file, and this
module imports nothing of Django or of gonghui beyond its (empty) packages.

The users are officials of four levels (the city's root, districts, townships, grassroots chairs; more of the
lower ones, as in a real city), each signed in with a session of its own account, each following the weighted
tasks below with a think time between them: the dashboard, member lists with filters and pages, the four member
searches (exact ID number, phone, member number, name prefix) of members the preparing process took from the
database, the organisation tree, detail pages, xlsx exports of a grassroots union's members, API lists with the
official's token, and other areas' lists. Every response is checked (200, and the member found where one is
searched for or opened); anything else counts as an error. Times are taken from locust's request events (the whole
response read), percentiles by nearest rank over every request.
"""

# ruff: noqa: E402, I001 (locust first: importing it patches this process with gevent, and only this one)
from locust import FastHttpUser, between, events, task

import json
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import gevent
from locust.env import Environment

# Users of each level in the mix (locust spreads the users over the classes by these weights).
WEIGHTS = {"city": 1, "district": 2, "township": 3, "grassroots": 4}
RAMP_LIMIT = 300  # seconds the sign-in phase may last before the timed window starts anyway
PLAN = {}  # the preparing process's plan, read in main()
SIGNED_IN = [0]  # users whose sign-in is over (well or not)
WINDOW = {"on": False}  # the timed window: from the moment every user has signed in
TIMES, RAMP_TIMES = {}, {}  # request name -> [ms], in the window and before it
ERRORS, RAMP_ERRORS = {}, {}  # request name -> failures
ERROR_SAMPLES = []  # the first few errors, to print


def percentile(samples, q):
    """Nearest-rank percentile (q in 0..100) of a list of numbers."""
    s = sorted(samples)
    return s[max(0, -(-len(s) * q // 100) - 1)]


def _on_request(request_type, name, response_time, response_length, exception=None, **_kw):
    times, errors = (TIMES, ERRORS) if WINDOW["on"] else (RAMP_TIMES, RAMP_ERRORS)
    times.setdefault(name, []).append(response_time)
    if exception is not None:
        errors[name] = errors.get(name, 0) + 1
        if len(ERROR_SAMPLES) < 10:
            ERROR_SAMPLES.append(f"{name}: {exception}"[:300])


class Official(FastHttpUser):
    """An official of ``level``: signs in (session) and browses their part of the tree."""

    abstract = True
    level = ""
    counters = {}  # level -> users started, to spread them over the level's accounts

    def on_start(self):
        accounts = [o for o in PLAN["officials"] if o["level"] == self.level]
        n = Official.counters.get(self.level, 0)
        Official.counters[self.level] = n + 1
        self.me = accounts[n % len(accounts)]
        self.rng = random.Random(hash((self.level, n)))
        self.urls = PLAN["urls"]
        try:
            self.login()
        finally:
            SIGNED_IN[0] += 1

    # --- requests ----------------------------------------------------------------------------------------------

    def page(self, name, url, expect=None, api=False, binary=False):
        """GET ``url`` as ``name``: a failure unless it answers 200 (no redirect followed) and shows ``expect``."""
        headers = {"Authorization": f"Token {self.me['token']}", "Accept": "application/json"} if api else None
        with self.client.get(url, name=name, headers=headers, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                error = getattr(r, "error", None)  # its text holds the URL, with what was searched: not shown
                why = r.status_code or ("no answer (timed out)" if "timed out" in str(error) else
                                        f"no answer ({type(error).__name__ if error else 'connection'})")
                r.failure(f"{why} for {url.split('?')[0]}")
            elif binary and not (r.content or b"").startswith(b"PK"):
                r.failure(f"not an xlsx file: {url.split('?')[0]}")
            elif expect and str(expect).encode() not in (r.content or b""):
                r.failure(f"{url.split('?')[0]} does not show {expect}")

    def login(self):
        url = self.urls["login"]
        with self.client.get(url, name="login_page", allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} for the sign-in page")
        token = next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")
        body = urlencode({"csrfmiddlewaretoken": token, "username": self.me["username"],
                          "password": PLAN["password"]})
        with self.client.post(url, name="login", data=body, allow_redirects=False, catch_response=True,
                              headers={"Content-Type": "application/x-www-form-urlencoded",
                                       "Referer": self.host + url}) as r:
            if r.status_code != 302:
                r.failure(f"sign-in answered {r.status_code}, not a redirect")

    def sample(self):
        return self.rng.choice(self.me["samples"])

    def child_code(self):
        return self.rng.choice(self.me["children"])["code"] if self.me["children"] else self.me["code"]

    # --- the tasks, weighted ---------------------------------------------------------------------------------

    @task(3)
    def dashboard(self):
        query = urlencode({"org": self.me["code"], "period": PLAN["year"]})
        self.page("dashboard", f"{self.urls['dashboard']}?{query}")

    @task(1)
    def home(self):
        self.page("home", self.urls["home"])

    @task(4)
    def member_list(self):
        self.page("member_list", self.urls["members"])

    @task(4)
    def member_list_filtered(self):
        query = {"status": "active", "within": self.child_code()}
        if self.rng.random() < 0.5:
            query["gender"] = self.rng.choice(PLAN["genders"])
        self.page("member_list_filtered", f"{self.urls['members']}?{urlencode(query)}")

    @task(2)
    def member_list_paged(self):
        page = self.rng.randint(1, self.me["pages"])  # a page the official's list has (50 a page)
        self.page("member_list_paged", f"{self.urls['members']}?{urlencode({'page': page})}")

    @task(3)
    def search_id(self):
        m = self.sample()
        self.page("search_id", f"{self.urls['members']}?{urlencode({'q': m['id_number']})}", expect=m["member_no"])

    @task(3)
    def search_phone(self):
        m = self.sample()
        self.page("search_phone", f"{self.urls['members']}?{urlencode({'q': m['phone']})}", expect=m["member_no"])

    @task(2)
    def search_member_no(self):
        m = self.sample()
        self.page("search_member_no", f"{self.urls['members']}?{urlencode({'q': m['member_no']})}",
                  expect=m["member_no"])

    @task(2)
    def search_name(self):
        self.page("search_name", f"{self.urls['members']}?{urlencode({'q': self.sample()['name'][:2]})}")

    @task(3)
    def member_detail(self):
        m = self.sample()
        self.page("member_detail", self.urls["member_detail"].format(pk=m["pk"]), expect=m["member_no"])

    @task(1)
    def org_tree(self):
        self.page("org_tree", self.urls["org_tree"])

    @task(3)
    def org_tree_expand(self):
        pk = self.rng.choice([self.me["org"], *[c["pk"] for c in self.me["children"]]])
        self.page("org_tree_expand", self.urls["org_children"].format(pk=pk))

    @task(2)
    def org_detail(self):
        org = self.rng.choice([{"pk": self.me["org"], "code": self.me["code"]}, *self.me["children"]])
        self.page("org_detail", self.urls["org_detail"].format(pk=org["pk"]), expect=org["code"])

    @task(1)
    def export_xlsx(self):
        """A grassroots union's members as xlsx (the list page's export, streamed as it is written)."""
        query = {"export": "xlsx", "status": "active", "within": self.sample()["union"]}
        self.page("export_xlsx", f"{self.urls['members']}?{urlencode(query)}", binary=True)

    @task(2)
    def api_members(self):
        self.page("api_members", f"{self.urls['api_members']}?{urlencode({'within': self.child_code()})}", api=True)

    @task(1)
    def api_search(self):
        m = self.sample()
        self.page("api_search", f"{self.urls['api_members']}?{urlencode({'q': m['id_number']})}", api=True,
                  expect=m["member_no"])

    @task(1)
    def api_lists(self):
        name = self.rng.choice(("api_orgs", "api_units", "api_cases", "api_archives"))
        self.page(name, self.urls[name], api=True)

    @task(2)
    def other_lists(self):
        name = self.rng.choice(("org_list", "unit_list", "transfer_list", "application_list", "case_list",
                                "warning_list", "archive_list"))
        self.page(name, self.urls[name])


def _user_classes(think):
    classes = []
    for level, weight in WEIGHTS.items():
        if any(o["level"] == level for o in PLAN["officials"]):
            classes.append(type(f"{level.title()}Official", (Official,), {
                "level": level, "weight": weight, "wait_time": between(*think), "abstract": False}))
    return classes


def _say(line=""):
    print("  " + line, flush=True)


def main(task_path):
    task_ = json.loads(Path(task_path).read_text())
    PLAN.update(json.loads(Path(task_["plan"]).read_text()))
    events.request.add_listener(_on_request)
    env = Environment(user_classes=_user_classes(task_["think"]), host=task_["host"], events=events)
    runner = env.create_local_runner()
    loads = []

    def sample_load():
        while True:
            loads.append(os.getloadavg()[0])
            gevent.sleep(5)

    sampler = gevent.spawn(sample_load)
    # The sign-in phase: users start at the spawn rate and sign in (browsing as soon as they have); the timed
    # window starts once all have signed in. Clocked by time.perf_counter, not gevent's loop time (it lags).
    t0 = time.perf_counter()
    runner.start(task_["users"], spawn_rate=task_["spawn_rate"])
    while SIGNED_IN[0] < task_["users"] and time.perf_counter() - t0 < RAMP_LIMIT:
        gevent.sleep(0.1)
    WINDOW["on"] = True
    start = time.perf_counter()
    ramp = [ms for t in RAMP_TIMES.values() for ms in t]
    signins = RAMP_TIMES.get("login", [])
    _say(f"sign-in phase: {SIGNED_IN[0]} of {task_['users']} users signed in within {start - t0:.1f} s; "
         f"{len(signins)} sign-ins p50 {percentile(signins or [0], 50):.1f} p95 {percentile(signins or [0], 95):.1f} "
         f"ms; {len(ramp)} requests in all, p95 {percentile(ramp or [0], 95):.1f} ms, "
         f"{sum(RAMP_ERRORS.values())} errors (not in the window's figures but in errors=)")
    while time.perf_counter() - start < task_["seconds"]:
        gevent.sleep(0.2)
    runner.quit()
    elapsed = time.perf_counter() - start
    sampler.kill()

    _say(f"timed window {elapsed:.1f} s; milliseconds by nearest rank over its requests:")
    _say(f"{'request':<22}{'count':>7}{'errors':>8}{'p50':>9}{'p95':>9}{'max':>9}")
    rows = []
    for name in sorted(TIMES):
        t = TIMES[name]
        rows.append({"name": name, "count": len(t), "errors": ERRORS.get(name, 0), "p50": percentile(t, 50),
                     "p95": percentile(t, 95), "max": max(t)})
        _say(f"{name:<22}{len(t):>7}{ERRORS.get(name, 0):>8}{rows[-1]['p50']:>9.1f}{rows[-1]['p95']:>9.1f}"
             f"{rows[-1]['max']:>9.1f}")
    for sample in ERROR_SAMPLES:
        _say("error: " + sample)
    every = [ms for t in TIMES.values() for ms in t]
    if not every:
        raise SystemExit("no request was made")
    result = {"requests": len(every), "errors": sum(ERRORS.values()) + sum(RAMP_ERRORS.values()), "seconds": elapsed,
              "ramp_seconds": start - t0, "ramp_requests": len(ramp),
              "rps": len(every) / elapsed, "p50_ms": percentile(every, 50), "p95_ms": percentile(every, 95),
              "rows": rows, "load_max": max(loads) if loads else None, "error_samples": ERROR_SAMPLES}
    Path(task_["result"]).write_text(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
