#!/usr/bin/env python3
"""Check a self-contained HTML dashboard in a real headless Chromium; print one JSON report.

usage: dashboard_check.py --chromium /usr/bin/chromium --html /abs/page.html --width 1280 --height 900
         [--mobile] [--screenshot out.png] [--sort-table CSS_SELECTOR --sort-column N] [--timeout 60]

csws's end-to-end tests run this script (standard library only) and assert on the JSON it prints:
console_errors (console errors/warnings, Log errors/warnings such as CSP violations, uncaught
exceptions), requests (every request other than the page's own file URL; the dashboard must make
none), failed_requests, dialogs (alert/confirm/prompt, dismissed), charts (svg.chart title and
size), tables (id, class, tbody row count), text (body innerText), scripts_in_body (<script>s in
<main> or <table>), document_scroll_width and viewport_width (horizontal overflow on a phone),
and with --sort-table, sort (a column read before and after two real mouse clicks on its header).
viewport_width is documentElement.clientWidth: with --mobile, window.innerWidth (reported as
inner_width) grows to fit overflowing content, as a phone zooms out, so it cannot show overflow.
Chromium is driven through the DevTools protocol over --remote-debugging-pipe (fd 3: commands in,
fd 4: responses and events out, each message JSON terminated by NUL), with flat sessions.
Exit 0 when the checks ran; exit 2 with a message on stderr when Chromium could not be driven.
"""
import argparse, base64, fcntl, json, os, pathlib, select, shutil, signal, subprocess, sys, tempfile, time

COMMAND_WAIT = 20.0  # seconds, at most, for any single DevTools response


class DriverError(Exception):
    """Chromium could not be launched or driven."""


class Browser:
    """A headless Chromium process and its DevTools pipe."""

    def __init__(self, binary, deadline):
        self.deadline, self.next_id, self.buffer, self.on_event = deadline, 0, b"", lambda m: None
        self.profile = tempfile.mkdtemp(prefix="dashboard-check-")
        self.log = open(os.path.join(self.profile, "chromium-stderr.log"), "w+b")
        cmd_read, self.cmd_write = os.pipe()
        self.resp_read, resp_write = os.pipe()

        def onto_fds_3_and_4():  # in the child: move the pipe ends to 3 and 4 without clobbering
            high_r = fcntl.fcntl(cmd_read, fcntl.F_DUPFD, 10)
            high_w = fcntl.fcntl(resp_write, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        flags = ["--headless=new", "--remote-debugging-pipe", "--disable-gpu", "--no-first-run",
                 "--no-default-browser-check", f"--user-data-dir={self.profile}", "--disable-extensions",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--metrics-recording-only"]
        if os.geteuid() == 0:
            flags.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
        try:
            self.proc = subprocess.Popen([binary, *flags, "about:blank"], stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=self.log, pass_fds=(3, 4),
                                         preexec_fn=onto_fds_3_and_4, start_new_session=True)
        except OSError as error:
            shutil.rmtree(self.profile, ignore_errors=True)
            raise DriverError(f"cannot start {binary}: {error}")
        finally:
            os.close(cmd_read)
            os.close(resp_write)

    def stderr_tail(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-1500:]

    def send(self, method, params=None, session=None):
        """Send a command without waiting; return its id."""
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            os.write(self.cmd_write, json.dumps(message).encode() + b"\0")
        except OSError as error:
            raise DriverError(f"DevTools pipe closed while sending {method}: {error}")
        return self.next_id

    def call(self, method, params=None, session=None):
        """Send a command and wait (events meanwhile go to on_event) for its result."""
        wanted = self.send(method, params, session)
        limit = min(self.deadline, time.monotonic() + COMMAND_WAIT)
        while True:
            message = self.receive(limit)
            if message is None:
                raise DriverError(f"no answer to {method} in time")
            if message.get("id") == wanted:
                if "error" in message:
                    raise DriverError(f"{method} failed: {message['error']}")
                return message.get("result", {})

    def pump(self, seconds, until=lambda: False):
        """Handle events for up to `seconds` (bounded by the deadline), or until `until()` holds."""
        limit = min(self.deadline, time.monotonic() + seconds)
        while not until() and self.receive(limit) is not None:
            pass
        return until()

    def receive(self, limit):
        """Return the next message (events are also passed to on_event), or None at `limit`."""
        while b"\0" not in self.buffer:
            remaining = limit - time.monotonic()
            if remaining <= 0 or not select.select([self.resp_read], [], [], remaining)[0]:
                return None
            chunk = os.read(self.resp_read, 1 << 20)
            if not chunk:
                raise DriverError("Chromium closed the DevTools pipe:\n" + self.stderr_tail())
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        message = json.loads(raw)
        if "method" in message:
            self.on_event(message)
        return message

    def close(self):
        """Ask Chromium to quit, then kill its whole process group and remove the profile."""
        try:
            self.send("Browser.close")
            self.proc.wait(timeout=2)
        except (DriverError, subprocess.TimeoutExpired):
            pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()
        for fd in (self.cmd_write, self.resp_read):
            os.close(fd)
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)


class Recorder:
    """Collects the page's errors, requests, dialogs and lifecycle events from DevTools events."""

    def __init__(self, browser, session, page_url):
        self.browser, self.session, self.page_url = browser, session, page_url
        self.console_errors, self.requests, self.failed_requests, self.dialogs = [], [], [], []
        self.urls, self.lifecycle = {}, set()

    def __call__(self, message):
        if message.get("sessionId") != self.session:
            return
        method, params = message["method"], message.get("params", {})
        if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert", "warning"):
            words = [str(a.get("value", a.get("description", a.get("type")))) for a in params.get("args", [])]
            self.console_errors.append(f"console.{params['type']}: " + " ".join(words))
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            entry = params["entry"]
            self.console_errors.append(f"log.{entry['level']} ({entry.get('source')}): {entry['text']}")
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            description = details.get("exception", {}).get("description", "")
            self.console_errors.append(f"exception: {details.get('text', '')} {description}".strip())
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            self.urls[params["requestId"]] = url
            if not self.is_page(url):
                self.requests.append(url)
        elif method == "Network.loadingFailed":
            url = self.urls.get(params["requestId"], "?")
            if not self.is_page(url):
                reason = params.get("blockedReason") or params.get("errorText", "")
                self.failed_requests.append(f"{url}: {reason}")
        elif method == "Page.javascriptDialogOpening":
            self.dialogs.append(params.get("message", ""))
            self.browser.send("Page.handleJavaScriptDialog", {"accept": False}, self.session)
        elif method == "Page.lifecycleEvent":
            self.lifecycle.add((params["loaderId"], params["name"]))

    def is_page(self, url):
        return url.split("#")[0] == self.page_url


def evaluate(browser, session, expression):
    """Evaluate a JavaScript expression in the page and return its value (JSON-able)."""
    result = browser.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                               "awaitPromise": True}, session)
    if "exceptionDetails" in result:
        raise DriverError(f"evaluation failed: {result['exceptionDetails']}")
    return result["result"].get("value")


PAGE_FACTS = """(() => ({
  charts: [...document.querySelectorAll('svg.chart')].map(svg => {
    const title = [...svg.children].find(child => child.tagName.toLowerCase() === 'title');
    const box = svg.getBoundingClientRect();
    return {title: title ? title.textContent : null, width: box.width, height: box.height};
  }),
  tables: [...document.querySelectorAll('table')].map(table => ({
    id: table.id || null, class: table.className || null,
    rows: table.querySelectorAll(':scope > tbody > tr').length})),
  text: document.body ? document.body.innerText : '',
  scripts_in_body: document.querySelectorAll('main script, table script').length,
  document_scroll_width: document.documentElement.scrollWidth,
  viewport_width: document.documentElement.clientWidth,
  inner_width: window.innerWidth,
}))()"""

COLUMN = """((selector, n) => {
  const table = document.querySelector(selector);
  if (!table) return null;
  return [...table.querySelectorAll(':scope > tbody > tr')].map(row =>
    row.cells[n] ? row.cells[n].innerText.trim() : null);
})(%s, %d)"""

HEADER = """((selector, n) => {
  const table = document.querySelector(selector);
  const th = table && table.querySelectorAll('thead th')[n];
  if (!th) return null;
  th.scrollIntoView({block: 'center', inline: 'center'});
  const box = th.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const hit = document.elementFromPoint(x, y);
  return {text: th.innerText.trim(), x, y, hit: !!hit && (hit === th || th.contains(hit))};
})(%s, %d)"""


def click(browser, session, x, y):
    """A real left click: mouse pressed then released at (x, y) in CSS pixels."""
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        params = {"type": kind, "x": x, "y": y}
        if kind != "mouseMoved":
            params.update(button="left", clickCount=1)
        browser.call("Input.dispatchMouseEvent", params, session)
    browser.pump(0.2)


def check_sort(browser, session, selector, column):
    """Read a column, click its header twice, and read it after each click."""
    read = lambda: evaluate(browser, session, COLUMN % (json.dumps(selector), column))
    report = {"column_header": None, "header_hit": False, "before": read()}
    for key in ("after_first_click", "after_second_click"):
        header = evaluate(browser, session, HEADER % (json.dumps(selector), column))
        if header is None:
            report[key] = None
            continue
        report["column_header"], report["header_hit"] = header["text"], header["hit"]
        click(browser, session, header["x"], header["y"])
        report[key] = read()
    return report


def screenshot(browser, session, path):
    """Write a PNG of the whole page (overflow included), each side capped at 4000 px."""
    size = evaluate(browser, session, "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    width, height = (max(1, min(int(side), 4000)) for side in size)
    clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
    shot = browser.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                   "clip": clip}, session)
    pathlib.Path(path).write_bytes(base64.b64decode(shot["data"]))


def open_page(browser, args, page_url):
    """Create a tab, attach a flat session, set up domains and viewport, load the page."""
    target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    recorder = Recorder(browser, session, page_url)
    browser.on_event = recorder
    for domain in ("Page", "Runtime", "Network", "Log"):
        browser.call(f"{domain}.enable", {}, session)
    browser.call("Page.setLifecycleEventsEnabled", {"enabled": True}, session)
    browser.call("Emulation.setDeviceMetricsOverride", {"width": args.width, "height": args.height,
                 "deviceScaleFactor": 1, "mobile": args.mobile}, session)
    navigation = browser.call("Page.navigate", {"url": page_url}, session)
    if navigation.get("errorText"):
        raise DriverError(f"cannot open {page_url}: {navigation['errorText']}")
    loaded = lambda: (navigation.get("loaderId"), "load") in recorder.lifecycle
    if not browser.pump(COMMAND_WAIT, until=loaded):
        raise DriverError(f"{page_url} did not finish loading in time")
    browser.pump(0.3)  # settle: late console messages, timers
    return session, recorder


def run(args):
    deadline = time.monotonic() + args.timeout
    page_url = pathlib.Path(args.html).resolve().as_uri()
    browser = Browser(args.chromium, deadline)
    try:
        session, recorder = open_page(browser, args, page_url)
        report = evaluate(browser, session, PAGE_FACTS)
        if args.sort_table is not None:
            report["sort"] = check_sort(browser, session, args.sort_table, args.sort_column)
        if args.screenshot:
            screenshot(browser, session, args.screenshot)
        browser.pump(0.1)
        report.update(console_errors=recorder.console_errors, requests=recorder.requests,
                      failed_requests=recorder.failed_requests, dialogs=recorder.dialogs)
        return report
    finally:
        signal.alarm(0)  # close() is bounded on its own; never leave Chromium running
        browser.close()


def on_signal(signum, _frame):
    """Turn the overall-timeout alarm or a SIGTERM into a DriverError, so Chromium is still closed."""
    raise DriverError("overall timeout" if signum == signal.SIGALRM else f"stopped by signal {signum}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--html", required=True)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--mobile", action="store_true")
    parser.add_argument("--screenshot")
    parser.add_argument("--sort-table")
    parser.add_argument("--sort-column", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    if not os.path.isfile(args.html):
        sys.exit(f"dashboard_check: no such file: {args.html}")  # exit 1: a usage error
    signal.signal(signal.SIGALRM, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.alarm(int(args.timeout) + 10)  # backstop should a pipe write ever block
    try:
        report = run(args)
    except DriverError as error:
        print(f"dashboard_check: {error}", file=sys.stderr)
        sys.exit(2)
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    print()


if __name__ == "__main__":
    main()
