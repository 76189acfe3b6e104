"""Drive JupyterLab in headless Chromium as a student would: open, run all, use a widget.

Shared by the browser tests (``tests/browser``) and the browser benchmark
(``benchmarks/bench_browser.py``). Every wait is bounded and fails with a message saying what
was awaited and what the page showed instead.

The waits follow how JupyterLab's own UI tests (Galata) wait: the application is ready when
``#jupyterlab-splash`` is gone, the kernel when the status bar says Idle, and Run All Cells is
done when every code cell's prompt shows ``[n]:`` and the kernel is Idle again.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
]

#: User settings for the test server: no news or update pop-ups over the notebook, and every
#: cell kept in the page (JupyterLab otherwise may leave cells far off screen out of the DOM).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}

#: What the text form of a widget looks like when JupyterLab could not render it live.
WIDGET_REPR = re.compile(
    r"\b(VBox|HBox|GridBox|Box|Tab|Accordion|Output|Dropdown|Select\w*|\w*Slider|\w*Button\w*|"
    r"Checkbox|Text|Textarea|HTML|Label|Image|interactive)\((children|value|layout|options|"
    r"description|outputs|index)="
)
#: How exercise feedback begins (summitlib.exercises; "Error" means the check itself failed).
FEEDBACK = re.compile(r"^\W*(Correct|Not yet|Not attempted yet)\b")


class HarnessError(AssertionError):
    """A wait timed out or the page was not in the state a student should see."""


# --- the server ---------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """``jupyter lab`` on 127.0.0.1 serving ``root_dir``, started with ``python``.

    Use as a context manager; the server (and with it every kernel it started) is always shut
    down on exit: terminate, wait, then kill.
    """

    def __init__(self, python: str, root_dir: Path, workdir: Path, env: dict | None = None):
        self.python = python
        self.root_dir = Path(root_dir)
        self.workdir = Path(workdir)
        self.env = dict(os.environ if env is None else env)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.workdir / f"{self.name.replace(' ', '-')}.log"
        self.process: subprocess.Popen | None = None

    #: What the server is called in messages, and the path that answers 200 once it is up.
    name = "jupyter lab"
    ready_path = "/api/status"

    def _command(self) -> list[str]:
        return [
            self.python, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
            f"--port={self.port}", "--ServerApp.port_retries=0", "--IdentityProvider.token=",
            "--ServerApp.password=", "--allow-root", f"--ServerApp.root_dir={self.root_dir}",
        ]

    def _write_settings(self) -> Path:
        settings = self.workdir / "lab-settings"
        for relative, values in LAB_SETTINGS.items():
            path = settings / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")
        return settings

    def start(self, timeout: float = 120) -> LabServer:
        self.workdir.mkdir(parents=True, exist_ok=True)
        env = dict(self.env)
        # ipykernel picks the inline backend only when MPLBACKEND is unset; the tests' Agg
        # would hide every chart.
        env.pop("MPLBACKEND", None)
        env.update(
            JUPYTERLAB_SETTINGS_DIR=str(self._write_settings()),
            JUPYTERLAB_WORKSPACES_DIR=str(self.workdir / "lab-workspaces"),
        )
        command = self._command()
        self._log = open(self.log_path, "w", encoding="utf-8")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT,
                                        env=env, cwd=self.root_dir)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HarnessError(f"{self.name} exited with {self.process.returncode} before "
                                   f"answering:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=5) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.25)
        self.stop()
        raise HarnessError(f"{self.name} did not answer {self.url}{self.ready_path} within "
                           f"{timeout} s:\n{self.log()}")

    def log(self, tail: int = 6000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-tail:]
        except OSError:
            return "(no log)"

    def shutdown_kernels(self, page) -> None:
        """Shut down every kernel (they outlive the page), through the page's own session.

        The server wants the page's XSRF cookie on a DELETE, so the request is sent from there.
        """
        page.evaluate(
            """async () => {
                const xsrf = (document.cookie.match(/(?:^|; )_xsrf=([^;]*)/) || [])[1] || '';
                const headers = {'X-XSRFToken': decodeURIComponent(xsrf)};
                const sessions = await (await fetch('/api/sessions')).json();
                for (const s of sessions) {
                    await fetch('/api/sessions/' + s.id, {method: 'DELETE', headers});
                }
                const kernels = await (await fetch('/api/kernels')).json();
                for (const k of kernels) {
                    await fetch('/api/kernels/' + k.id, {method: 'DELETE', headers});
                }
            }""")
        with urllib.request.urlopen(f"{self.url}/api/kernels", timeout=30) as response:
            left = json.loads(response.read())
        if left:
            raise HarnessError(f"kernels still running after shutdown: {left}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        if getattr(self, "_log", None) is not None:
            self._log.close()

    def __enter__(self) -> LabServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class VoilaServer(LabServer):
    """``voila NOTEBOOK`` on 127.0.0.1, as the README tells an instructor to start it.

    ``notebook`` is relative to ``root_dir`` (the server's working directory). Voilà runs the
    notebook in a new kernel for every page request and shuts that kernel down when the page
    closes. Its page loads two Font Awesome style sheets from a CDN; the tests block every
    request that does not go to the server, so the page is known to work without them.
    """

    name = "voila"
    ready_path = "/voila/templates/lab/static/voila.js"

    def __init__(self, python: str, root_dir: Path, notebook: str, workdir: Path,
                 env: dict | None = None):
        super().__init__(python, root_dir, workdir, env=env)
        self.notebook = notebook

    def _command(self) -> list[str]:
        return [
            self.python, "-m", "voila", self.notebook, "--no-browser", "--Voila.ip=127.0.0.1",
            f"--port={self.port}", "--Voila.port_retries=0",
        ]


def copy_notebooks(source: Path, target: Path) -> Path:
    """Copy the notebook folder, so that autosave and run-time files never touch the repository."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"),
                    dirs_exist_ok=True)
    return target


def launch_chromium(playwright, executable: str):
    return playwright.chromium.launch(executable_path=executable, headless=True,
                                      args=CHROMIUM_ARGS)


# --- what a notebook should show ----------------------------------------------------------------

def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _shows_a_widget(source: str) -> bool:
    """Whether a cell's last statement displays a widget (an ``explore_*()`` or ipywidgets call)."""
    try:
        body = ast.parse(source).body
    except SyntaxError:  # IPython magics: judge by the text
        return bool(re.search(r"^\s*(\w+\.)*explore_\w+\(", source.strip().splitlines()[-1]))
    if not body or not isinstance(body[-1], ast.Expr) or not isinstance(body[-1].value, ast.Call):
        return False
    func = body[-1].value.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    owner = ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""
    return name.startswith("explore_") or owner in {"widgets", "ipywidgets", "w"} or name in {
        "interact", "interactive"}


@dataclass
class NotebookPlan:
    """What a notebook's cells should produce, read from the ``.ipynb`` file."""

    name: str
    cell_count: int
    code_cells: list[int] = field(default_factory=list)   # non-blank code cells (run by Run All)
    widget_cells: list[int] = field(default_factory=list)  # cells whose last line shows a widget
    check_cells: list[int] = field(default_factory=list)   # cells that call an exercise's .check

    @classmethod
    def read(cls, path: Path) -> NotebookPlan:
        cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
        plan = cls(name=Path(path).name, cell_count=len(cells))
        for index, cell in enumerate(cells):
            source = _source(cell)
            if cell["cell_type"] != "code" or not source.strip():
                continue
            plan.code_cells.append(index)
            if _shows_a_widget(source):
                plan.widget_cells.append(index)
            role = cell.get("metadata", {}).get("summitlib", {}).get("role")
            if role == "check" or re.search(r"\.check\(", source):
                plan.check_cells.append(index)
        return plan


# --- the page -----------------------------------------------------------------------------------

STATUS_JS = "() => (document.querySelector('#jp-main-statusbar') || {}).innerText || ''"

PROMPTS_JS = """(codeCells) => {
    const cells = document.querySelectorAll('.jp-NotebookPanel-notebook .jp-Cell');
    return codeCells.map(i => {
        const prompt = cells[i] && cells[i].querySelector('.jp-InputPrompt');
        return prompt ? prompt.innerText.trim() : null;
    });
}"""

CELL_REPORT_JS = """(index) => {
    // A widget's output has no data-mime-type: the widget manager renders it, live or not.
    const cell = document.querySelectorAll('.jp-NotebookPanel-notebook .jp-Cell')[index];
    if (!cell) return null;
    const describe = o => ({mime: o.getAttribute('data-mime-type') || 'widget',
                            live: !!o.querySelector(':scope > .jupyter-widgets'),
                            text: o.innerText});
    return {
        outputs: [...cell.querySelectorAll(
            '.jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output')].map(describe),
        all: [...cell.querySelectorAll('.jp-OutputArea-output')].map(describe),
        alerts: [...cell.querySelectorAll('.jp-OutputArea-output [role="alert"]')]
            .map(a => a.innerText),
        blank_selects: [...cell.querySelectorAll('.jp-OutputArea-output select:not([multiple])')]
            .filter(s => s.selectedIndex === -1 && s.options.length)
            .map(s => (s.closest('.jupyter-widgets').querySelector('label') || {}).innerText
                      || s.options[0].textContent),
    };
}"""


def wait_until(page, js: str, arg=None, *, timeout: float, what: str, describe=None):
    """``page.wait_for_function`` with a message that says what was awaited and what was seen."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        return page.wait_for_function(js, arg=arg, timeout=timeout * 1000, polling=100)
    except PlaywrightTimeout:
        seen = describe() if describe else ""
        raise HarnessError(f"timed out after {timeout:.0f} s waiting for {what}. {seen}") from None


def kernel_status(page) -> str:
    return page.evaluate(STATUS_JS)


def wait_for_idle(page, *, timeout: float = 120) -> None:
    wait_until(
        page,
        """() => { const t = (document.querySelector('#jp-main-statusbar') || {}).innerText || '';
                   return /\\bIdle\\b/.test(t) && !/Connecting|Initializing|Starting|Busy/.test(t);
                 }""",
        timeout=timeout, what="the kernel to be Idle",
        describe=lambda: f"Status bar: {kernel_status(page)!r}",
    )


def open_notebook(page, base_url: str, path: str, *, timeout: float = 180,
                  url: str | None = None) -> float:
    """Open ``lab/tree/<path>`` (or ``url``), wait for the app and an Idle kernel; return seconds.

    Fails if the notebook's tab is not the current one, or if JupyterLab asks for a kernel.
    """
    name = path.rsplit("/", 1)[-1]
    start = time.perf_counter()
    # ?reset: a clean workspace, so a notebook opened earlier is not restored beside this one.
    page.goto(url or f"{base_url}/lab/tree/{quote(path)}?reset", timeout=timeout * 1000)
    page.wait_for_selector("#jupyterlab-splash", state="detached", timeout=timeout * 1000)
    wait_until(page, "() => document.querySelector('.jp-NotebookPanel-notebook .jp-Cell')",
               timeout=timeout, what=f"{name} to show its cells")
    wait_until(
        page,
        """() => document.querySelector('.jp-Dialog') || (() => {
            const t = (document.querySelector('#jp-main-statusbar') || {}).innerText || '';
            return /\\bIdle\\b/.test(t) && !/Connecting|Initializing|Starting|Busy/.test(t);
        })()""",
        timeout=timeout, what=f"the kernel of {name} to be Idle",
        describe=lambda: f"Status bar: {kernel_status(page)!r}",
    )
    dialog = page.locator(".jp-Dialog")
    if dialog.count():
        raise HarnessError(f"{name} opens with a dialog instead of a kernel: "
                           f"{dialog.first.inner_text()!r}. Store the notebook with its kernelspec "
                           "metadata (Python 3, ipykernel) so it starts without asking.")
    tab = page.locator(".lm-DockPanel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel")
    current = tab.first.inner_text() if tab.count() else None
    if current != name:
        raise HarnessError(f"JupyterLab shows {current!r} in front, not {name!r}")
    return time.perf_counter() - start


def click_menu(page, menu: str, item: str) -> None:
    page.locator("#jp-menu-panel .lm-MenuBar-item", has_text=re.compile(rf"^{menu}$")).click()
    entry = page.locator(".lm-Menu-item:not(.lm-mod-hidden)",
                         has=page.locator(".lm-Menu-itemLabel",
                                          has_text=re.compile(rf"^{re.escape(item)}$")))
    entry.first.click()


def run_all(page, plan: NotebookPlan, *, timeout: float = 300) -> float:
    """Run > Run All Cells, then wait until every code cell has run; return seconds taken.

    Stops waiting early when the kernel is Idle again with an error shown, because JupyterLab
    then skips the remaining cells.
    """
    start = time.perf_counter()
    click_menu(page, "Run", "Run All Cells")
    wait_until(
        page,
        """(codeCells) => {
            const status = (document.querySelector('#jp-main-statusbar') || {}).innerText || '';
            const cells = document.querySelectorAll('.jp-NotebookPanel-notebook .jp-Cell');
            const prompts = codeCells.map(i => {
                const p = cells[i] && cells[i].querySelector('.jp-InputPrompt');
                return p ? p.innerText.trim() : '';
            });
            const idle = /\\bIdle\\b/.test(status) && !/Busy|Starting|Restarting/.test(status);
            if (!idle || prompts.some(p => p.includes('*'))) return false;
            if (prompts.every(p => /^\\[\\d+\\]:?$/.test(p))) return true;
            return !!document.querySelector(
                '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
        }""",
        arg=plan.code_cells, timeout=timeout,
        what=f"Run All Cells to finish in {plan.name}",
        describe=lambda: f"Prompts: {page.evaluate(PROMPTS_JS, plan.code_cells)}; "
                         f"status bar: {kernel_status(page)!r}",
    )
    return time.perf_counter() - start


def cell_report(page, index: int) -> dict:
    return page.evaluate(CELL_REPORT_JS, index)


def notebook_problems(page, plan: NotebookPlan) -> list[str]:
    """Everything a student should not see after Run All; an empty list when all is well."""
    problems = []
    prompts = page.evaluate(PROMPTS_JS, plan.code_cells)
    for index, prompt in zip(plan.code_cells, prompts, strict=True):
        if not re.fullmatch(r"\[\d+\]:?", prompt or ""):
            problems.append(f"cell {index} did not run (prompt {prompt!r})")
    for index in plan.code_cells:
        report = cell_report(page, index) or {"outputs": [], "all": [], "alerts": [],
                                              "blank_selects": []}
        for alert in report["alerts"]:
            problems.append(f"cell {index} shows an alert: {alert[:400]!r}")
        for label in report["blank_selects"]:
            problems.append(f"cell {index} shows the dropdown {label!r} blank (nothing selected; "
                            "ipywidgets shows an option whose value is None that way)")
        # Every output, those inside Output widgets included: a callback's error shows there.
        for output in report["all"]:
            text = output["text"]
            if output["mime"] == "application/vnd.jupyter.stderr" and (
                    "Traceback" in text or re.search(r"\b\w+(Error|Exception)\b", text)):
                problems.append(f"cell {index} shows an error: {text[-800:]}")
            if output["mime"] == "text/plain" and WIDGET_REPR.search(text):
                problems.append(f"cell {index} shows a widget as text: {text[:200]!r}")
        widgets = [o for o in report["outputs"] if o["mime"] == "widget"]
        for widget in widgets:
            if not widget["live"] or re.search(r"Loading widget|Error displaying widget",
                                               widget["text"]):
                problems.append(f"cell {index} shows a widget that did not render: "
                                f"{widget['text'][:200]!r}")
        if index in plan.widget_cells and not any(w["live"] for w in widgets):
            problems.append(f"cell {index} should show a widget but shows "
                            f"{[o['text'][:120] for o in report['outputs']]}")
        if index in plan.check_cells:
            texts = [o["text"].strip() for o in report["outputs"]]
            if not any(re.match(FEEDBACK, t) for t in texts):
                problems.append(f"cell {index} calls .check but shows no feedback: {texts}")
    return problems


# --- changing a control -------------------------------------------------------------------------

#: Controls a student changes, in the order they are tried. Each entry: a CSS selector inside a
#: widget output, and how to change it.
CONTROLS = [
    ("select", "select"),
    (".widget-toggle-buttons button", "toggle"),
    (".widget-radio-box input[type=radio]", "radio"),
    (".widget-checkbox input[type=checkbox]", "click"),
    (".widget-slider .noUi-handle", "slider"),
    (".widget-text input[type=text]", "text"),
    ("button.widget-button", "click"),
]

OBSERVE_JS = """([root, control]) => {
    // Record every change to what the widget shows, apart from the control being changed.
    const own = control.closest('.jupyter-widgets') || control;
    const signature = () => {
        const parts = [];
        const walker = document.createTreeWalker(
            root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
        for (let n = walker.currentNode; n; n = walker.nextNode()) {
            if (own.contains(n)) continue;
            if (n.nodeType === Node.TEXT_NODE) parts.push(n.textContent);
            else if (n.tagName === 'IMG') {
                parts.push('img:' + n.src.length + ':' + n.src.slice(-64));
            }
        }
        return parts.join('|');
    };
    const state = {before: signature(), t0: null, first: null, last: null, painted: null,
                   observer: null, signature};
    // New pixels: a new image is decoded and the frame after it painted.
    const painted = () => requestAnimationFrame(() => { state.painted = performance.now(); });
    state.observer = new MutationObserver(records => {
        const mine = records.filter(r => !own.contains(r.target));
        if (!mine.length) return;
        state.last = performance.now();
        if (state.first === null) state.first = state.last;
        let image = false;
        for (const r of mine) {
            for (const n of r.addedNodes) {
                const images = n.tagName === 'IMG' ? [n]
                    : (n.querySelectorAll ? [...n.querySelectorAll('img')] : []);
                for (const img of images) {
                    image = true;
                    img.decode().then(painted, painted);
                }
            }
        }
        if (!image) painted();
    });
    state.observer.observe(root, {subtree: true, childList: true, characterData: true,
                                  attributes: true});
    const mark = () => { if (state.t0 === null) state.t0 = performance.now(); };
    for (const type of ['pointerdown', 'mousedown', 'keydown', 'input', 'change', 'click']) {
        own.addEventListener(type, mark, {capture: true});
    }
    window.__summitlibChange = state;
}"""

SETTLED_JS = """(quiet) => {
    const s = window.__summitlibChange;
    if (s.t0 === null || s.last === null || s.signature() === s.before) return false;
    return performance.now() - s.last >= quiet;
}"""

RESULT_JS = """() => {
    const s = window.__summitlibChange;
    s.observer.disconnect();
    // Excerpts around the first difference: a widget whose text opens with a long list of
    // options changes further down, past any fixed-length head.
    const after = s.signature();
    let i = 0;
    while (i < s.before.length && i < after.length && s.before[i] === after[i]) i++;
    const from = Math.max(0, i - 100);
    return {latency_ms: s.last - s.t0, first_ms: s.first - s.t0, t0: s.t0,
            pixels_ms: Math.max(s.painted ?? s.last, s.last) - s.t0,
            before: s.before.slice(from, from + 300), after: after.slice(from, from + 300)};
}"""


@dataclass
class ControlChange:
    """One control change timed in the page: ``latency_ms`` to the last change of what the
    widget shows, ``first_ms`` to the first (the kernel's first message back), ``pixels_ms``
    to the frame painted after the new chart image was decoded."""

    cell: int
    kind: str
    latency_ms: float
    before: str
    after: str
    first_ms: float | None = None
    pixels_ms: float | None = None


def _change(page, control, kind: str) -> None:
    if kind == "select":
        # Another option than the one shown. A blank select (ipywidgets shows a value of None
        # as no selection) may still hold the first option's value, so it gets the second.
        # A multiple selection becomes one option it does not hold, or just the first one.
        index = control.evaluate(
            """s => {
                const free = [...s.options].map((o, i) => [i, o.disabled || o.selected])
                    .filter(([i, skip]) => !skip).map(([i]) => i);
                if (s.multiple) return free.length ? free[0] : 0;
                if (s.selectedIndex === -1) return free.find(i => i > 0) ?? free[0];
                return free.find(i => i > s.selectedIndex) ?? free[0];
            }""")
        if index is None:
            raise HarnessError("a select with no other option to pick")
        control.select_option(index=index)
    elif kind == "toggle":
        control.locator("xpath=..").locator("button:not(.mod-active)").first.click()
    elif kind == "radio":
        control.locator("xpath=../..").locator("input[type=radio]:not(:checked)").first.click()
    elif kind == "click":
        control.click()
    elif kind == "text":
        # The example a placeholder gives ("a word, e.g. rubbish"), else a common word.
        example = re.search(r"e\.g\.\s*(\w+)", control.get_attribute("placeholder") or "")
        control.fill(example.group(1) if example else "the")
        control.press("Enter")
    elif kind == "slider":
        control.focus()
        at_max = control.get_attribute("aria-valuenow") == control.get_attribute("aria-valuemax")
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")


def widget_roots(page, plan: NotebookPlan):
    """The top-level live widgets in the notebook, as ``(cell_index, locator)`` pairs."""
    cells = page.locator(".jp-NotebookPanel-notebook .jp-Cell")
    roots = []
    for index in plan.code_cells:
        outputs = cells.nth(index).locator(
            ".jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output > .jupyter-widgets")
        roots.extend((index, outputs.nth(k)) for k in range(outputs.count()))
    return roots


def change_a_control(page, plan: NotebookPlan, *, timeout: float = 30, quiet_ms: int = 400,
                     cells: list[int] | None = None, kinds: list[str] | None = None,
                     candidates: int = 1, last_first: bool = False) -> ControlChange:
    """Change the first control whose widget then shows something new; time it in the page.

    The latency runs from the browser's input event on the control to the last change of what
    the widget shows (measured with a MutationObserver and ``performance.now()``), once nothing
    has changed for ``quiet_ms``. ``cells`` and ``kinds`` (names from :data:`CONTROLS`) narrow
    the search, to change the same control again; ``candidates`` is how many controls of each
    kind in a widget are tried (pressing the same button twice may change nothing the second
    time, the next button does); ``last_first`` tries them from the last one (a "Next" button
    usually comes after the answer buttons).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    tried = []
    for index, root in widget_roots(page, plan):
        if cells is not None and index not in cells:
            continue
        for selector, kind in CONTROLS:
            if kinds is not None and kind not in kinds:
                continue
            controls = root.locator(selector)
            order = range(min(controls.count(), candidates))
            for k in reversed(order) if last_first else order:
                control = controls.nth(k)
                if kind != "slider" and control.is_disabled():
                    continue
                control.scroll_into_view_if_needed()
                page.evaluate(OBSERVE_JS, [root.element_handle(), control.element_handle()])
                try:
                    _change(page, control, kind)
                    page.wait_for_function(SETTLED_JS, arg=quiet_ms, timeout=timeout * 1000,
                                           polling=50)
                except (PlaywrightTimeout, HarnessError):
                    page.evaluate("() => window.__summitlibChange.observer.disconnect()")
                    tried.append(f"cell {index}: {kind} #{k + 1}")
                    continue
                result = page.evaluate(RESULT_JS)
                del result["t0"]
                return ControlChange(cell=index, kind=kind, **result)
    raise HarnessError(
        f"no control changed what its widget shows in {plan.name} within {timeout:.0f} s "
        f"(tried: {tried or 'no controls found'})")


# --- keyboard only ------------------------------------------------------------------------------

#: What a keyboard user does on each kind of control our explorers use, and what the harness
#: reads to tell it is one: a key that changes the control, never a mouse click.
FOCUSED_JS = """(root) => {
    const e = document.activeElement;
    if (!e || !root.contains(e)) return null;
    const kind = e.matches('input[type=number]') ? 'number'
        : e.matches('input[type=checkbox]') ? 'checkbox'
        : e.matches('input[type=text], input:not([type])') ? 'text'
        : e.matches('.widget-toggle-buttons button') ? (e.classList.contains('mod-active')
                                                         ? 'active' : 'toggle')
        : e.matches('button') ? 'button' : 'other';
    const label = (e.getAttribute('aria-label') ||
                   (e.labels && e.labels[0] && e.labels[0].innerText) || e.title ||
                   e.innerText || e.value || '').trim();
    return {kind, label, disabled: !!e.disabled, value: e.value, max: e.max, min: e.min,
            inOutput: !!e.closest('.widget-output')};
}"""


@dataclass
class KeyPress:
    """One press of a keyboard walk: the widget's cell, the control (its label and kind) and
    the keys; whether what the widget shows changed, and the times from the key in the page,
    to the last change (``latency_ms``), the first (``first_ms``: the kernel's first message
    back) and new pixels (``pixels_ms``); ``gap_ms``, the time from the last change of the
    press before (in any widget of the page) to this key: the kernel's idle time before it."""

    cell: int
    control: str
    kind: str
    keys: str
    changed: bool
    latency_ms: float | None
    first_ms: float | None = None
    pixels_ms: float | None = None
    gap_ms: float | None = None


def _press(page, focused: dict) -> str | None:
    """Change the focused control from the keyboard; return the keys pressed, or None.

    A text box has been typed into already (see :func:`_type_first`): the change is Enter."""
    kind = focused["kind"]
    if kind in ("toggle", "checkbox", "button"):
        page.keyboard.press("Space")
        return "Space"
    if kind == "number":
        key = "ArrowDown" if focused["value"] == focused["max"] else "ArrowUp"
        page.keyboard.press(key)
        return key
    if kind == "text":
        page.keyboard.press("Enter")
        return "type nuclear, Enter"
    return None


def _type_first(page, focused: dict) -> None:
    """Type the word into a focused text box before the change is timed: the letters stay in
    the box (its explorer hears of it on Enter), so the change runs from the Enter key, not
    from the first letter (a student's typing speed)."""
    if focused["kind"] == "text":
        page.keyboard.type("nuclear")


def keyboard_walk(page, plan: NotebookPlan, *, max_tabs: int = 80, quiet_ms: int = 300,
                  timeout: float = 10, pause_s: float = 0.0,
                  cells: list[int] | None = None) -> list[KeyPress]:
    """Drive every explorer with the keyboard alone: Tab through it, change each control.

    For each live widget, focus goes to its first control (where a Tab from the cell takes
    it), then Tab moves on and every control reached is changed with its keys: Space for a
    button or check box, ArrowUp/ArrowDown for a number box, typing and Enter for a text
    box. A toggle button already pressed is passed over. Each press is recorded with whether
    it changed what the widget shows and how long that took, from the key to the last change.

    A press follows as soon as the page has been still for ``quiet_ms``, or, with
    ``pause_s``, that many seconds after the change before (a reader's pace). ``cells``:
    only the widgets of these cells (default: all).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    presses = []
    settled = None  # the page's time of the last change of the press before
    for index, root in widget_roots(page, plan):
        if cells is not None and index not in cells:
            continue
        root.scroll_into_view_if_needed()
        first = root.locator("button:not([disabled]), input:not([disabled])").first
        first.focus()
        seen = 0
        for _ in range(max_tabs):
            focused = page.evaluate(FOCUSED_JS, root.element_handle())
            if focused is None:
                break  # Tab has left the widget
            seen += 1
            if focused["disabled"] or focused["inOutput"] or focused["kind"] in ("active",
                                                                                  "other"):
                page.keyboard.press("Tab")
                continue
            control = page.evaluate_handle("() => document.activeElement")
            _type_first(page, focused)
            if pause_s:
                page.wait_for_timeout(pause_s * 1000)
            page.evaluate(OBSERVE_JS, [root.element_handle(), control])
            keys = _press(page, focused)
            try:
                page.wait_for_function(SETTLED_JS, arg=quiet_ms, timeout=timeout * 1000,
                                       polling=50)
                result = page.evaluate(RESULT_JS)
                presses.append(KeyPress(
                    index, focused["label"], focused["kind"], keys, True,
                    result["latency_ms"], result["first_ms"], result["pixels_ms"],
                    None if settled is None else result["t0"] - settled))
                settled = result["t0"] + result["latency_ms"]
            except PlaywrightTimeout:
                page.evaluate("() => window.__summitlibChange.observer.disconnect()")
                presses.append(KeyPress(index, focused["label"], focused["kind"], keys, False,
                                        None))
            page.keyboard.press("Tab")
        if not seen:
            raise HarnessError(f"{plan.name}, cell {index}: no control of the widget takes "
                               "the keyboard focus")
    return presses


# --- accessibility audits -------------------------------------------------------------------------

#: Where our outputs are: every code cell's output area (widgets, charts, tables, text).
OUTPUTS = ".jp-NotebookPanel-notebook .jp-Cell-outputArea"

IMAGES_JS = """(selector) => [...document.querySelectorAll(selector + ' img')].map(img => ({
    alt: img.getAttribute('alt'), src: img.src.slice(0, 40),
    cell: [...document.querySelectorAll('.jp-NotebookPanel-notebook .jp-Cell')]
        .indexOf(img.closest('.jp-Cell')),
}))"""


def output_images(page) -> list[dict]:
    """Every image in the notebook's outputs: ``alt`` (None when missing), cell index."""
    return page.evaluate(IMAGES_JS, OUTPUTS)


def accessible_names(page, selector: str) -> list[str]:
    """The names Chromium's accessibility tree gives the elements ``selector`` finds.

    Read from the browser itself (the Chrome DevTools Protocol), so they are what a screen
    reader hears, CSS generated content included.
    """
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Accessibility.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})
        names = []
        for node in nodes["nodeIds"]:
            tree = cdp.send("Accessibility.getPartialAXTree",
                            {"nodeId": node, "fetchRelatives": False})["nodes"]
            names.append(str(tree[0].get("name", {}).get("value", "")) if tree else "")
        return names
    finally:
        cdp.detach()


def axe_outputs(page, *, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's violations of ``impacts`` inside the notebook's outputs only.

    JupyterLab's own page is left out (its theme draws links without an underline, which
    axe reports as ``link-in-text-block``: upstream, not ours).
    """
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context={"include": [[OUTPUTS]]})
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in impacts:
            found.append({"id": violation["id"], "impact": violation["impact"],
                          "help": violation["help"],
                          "nodes": [n["html"][:200] for n in violation["nodes"][:5]]})
    return found


# --- screenshots --------------------------------------------------------------------------------

def screenshot_notebook(page, path: Path, *, width: int = 1280, max_height: int = 16000) -> Path:
    """Save the whole notebook as one PNG: the viewport grows to the notebook's height."""
    path.parent.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    height = page.evaluate(
        """() => { const panel = document.querySelector('.jp-NotebookPanel');
                   const outer = panel.querySelector('.jp-WindowedPanel-outer')
                       || panel.querySelector('.jp-NotebookPanel-notebook');
                   const box = outer.getBoundingClientRect();
                   // Up to the last cell: JupyterLab pads the notebook to scroll past its end.
                   const cells = panel.querySelectorAll('.jp-Cell');
                   const last = cells.length ? cells[cells.length - 1].getBoundingClientRect()
                                             : box;
                   const content = last.bottom - box.top + outer.scrollTop + 40;
                   return box.top + content + (window.innerHeight - box.bottom); }""")
    page.set_viewport_size({"width": width, "height": int(min(max(height, 600), max_height))})
    # The notebook is scrolled to wherever the last run left it: back to the top, or the
    # picture starts mid-notebook and ends in blank space.
    page.evaluate("""() => document.querySelectorAll(
        '.jp-NotebookPanel .jp-WindowedPanel-outer, .jp-NotebookPanel-notebook')
        .forEach(e => { e.scrollTop = 0; })""")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.screenshot(path=str(path), full_page=True)
    if original:
        page.set_viewport_size(original)
    return path


# --- a notebook served by Voilà: outputs and live widgets only -----------------------------------

#: The top-level widgets of a Voilà page, one per cell that shows a widget, in page order.
VOILA_WIDGETS = ("#rendered_cells .jp-Cell-outputArea > .jp-OutputArea-child > "
                 ".jp-OutputArea-output > .jupyter-widgets")

VOILA_LIVE_JS = """([selector, count]) => {
    const cells = document.getElementById('rendered_cells');
    if (!cells || getComputedStyle(cells).display === 'none') return false;
    const roots = [...document.querySelectorAll(selector)];
    // Live: as many widgets as the notebook shows, each one's output area (if any) filled.
    return roots.length >= count && roots.every(root => {
        const out = root.querySelector(':scope > .widget-output');
        return !out || out.querySelector('.jp-OutputArea-child') !== null;
    }) ? roots.length : false;
}"""


def keep_local(page, base_url: str) -> list[str]:
    """Block every request that does not go to ``base_url``; return the list of those blocked.

    The page must work with no network beyond the local server (as in a classroom behind a
    firewall); what it tried to fetch elsewhere is kept for the test to report.
    """
    blocked = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(base_url) or url.startswith(("data:", "blob:")):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    page.route("**/*", route)
    return blocked


def open_voila_page(page, url: str, widget_count: int, *, timeout: float = 180) -> float:
    """Open a Voilà page and wait until ``widget_count`` widgets are live; return seconds.

    Measured in the page: from the navigation's start (``performance.timeOrigin``, the moment
    the browser sends the request) to the first poll that finds every widget live.

    A page whose kernel never finishes its first cell ("Executing 1 of N" for the whole
    ``timeout``) is opened once more, with a new kernel, and a warning says so. A fresh
    ipykernel 7 now and then never answers its first execute request: it happened to this
    page in one CI run in three and in one local run in three, and once to a JupyterLab test
    (the kernel Idle, every prompt at ``[*]``); others report the same of ipykernel 7 (a first
    cell left pending; some projects pin ipykernel<7). A reader of the page would reload it;
    so does this, once. A page stuck again, or stuck later, fails.
    """
    def describe():
        return page.evaluate(
            """(selector) => ({widgets: document.querySelectorAll(selector).length,
                             loading: (document.getElementById('loading_text') || {}).innerText,
                             text: document.body.innerText.slice(0, 300)})""", VOILA_WIDGETS)

    for attempt in (1, 2):
        response = page.goto(url, timeout=timeout * 1000, wait_until="commit")
        if response is not None and response.status >= 400:
            raise HarnessError(f"Voilà answered {url} with HTTP {response.status}: check the path")
        try:
            wait_until(
                page, VOILA_LIVE_JS, [VOILA_WIDGETS, widget_count], timeout=timeout,
                what=f"{widget_count} live widgets on the Voilà page",
                describe=lambda: "Seen: " + repr(describe()),
            )
            break
        except HarnessError:
            loading = str(describe().get("loading") or "")
            if attempt == 2 or not loading.startswith("Executing 1 of"):
                raise
            warnings.warn(f"The Voilà page's kernel never finished its first cell in "
                          f"{timeout:.0f} s ({loading!r}); opening the page once more.",
                          stacklevel=2)
    return page.evaluate("() => performance.now()") / 1000


def voila_problems(page) -> list[str]:
    """What a reader must never see on a Voilà page: errors, tracebacks, widgets left as text."""
    report = page.evaluate(
        """() => ({
            errors: [...document.querySelectorAll(
                '[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-output pre')]
                .map(e => e.innerText).filter(t => /Traceback|Error\\b/.test(t)),
            alerts: [...document.querySelectorAll('#rendered_cells [role="alert"]')]
                .map(a => a.innerText),
            text: [...document.querySelectorAll('[data-mime-type="text/plain"]')]
                .map(e => e.innerText),
        })""")
    problems = [f"error output: {text[:300]!r}" for text in report["errors"]]
    problems += [f"a widget shows an error: {text[:300]!r}" for text in report["alerts"]]
    problems += [f"a widget shows as text, not live: {text[:120]!r}"
                 for text in report["text"] if WIDGET_REPR.search(text)]
    return problems


#: The floor the browser benchmarks measure against: a bare line chart that a slider redraws
#: into an Output, the least an explorer can do (its imports first).
FLOOR_IMPORTS = "import ipywidgets as widgets\nimport matplotlib.pyplot as plt\nimport pandas as pd"
FLOOR_WIDGET = (
    "df = pd.DataFrame({'year': range(2010, 2021), 'value': range(11)})\n"
    "slider = widgets.IntSlider(value=2015, min=2010, max=2020, description='Up to')\n"
    "out = widgets.Output()\n\n"
    "def redraw(change=None):\n"
    "    with out:\n"
    "        out.clear_output(wait=True)\n"
    "        fig, ax = plt.subplots(figsize=(5, 3))\n"
    "        df[df.year <= slider.value].plot(x='year', y='value', ax=ax)\n"
    "        plt.show()\n\n"
    "slider.observe(redraw, 'value')\n"
    "redraw()\n"
    "widgets.VBox([slider, out])"
)


def write_code_notebook(path: Path, sources: list[str]) -> Path:
    """A notebook of code cells for the Python 3 kernel, such as a benchmark's floor."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(nb, path)
    return path
