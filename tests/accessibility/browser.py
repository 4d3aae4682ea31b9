"""Run axe-core on an HTML page in headless Chromium, no WebDriver: the page gets axe.min.js
and a small script that runs ``axe.run`` and writes the result into the page, and Chromium's
``--dump-dom`` hands the page back once its (virtual) time has run out.

axe-core is pinned in ``package.json`` / ``package-lock.json`` beside this file and installed
with ``npm ci`` (``scripts/venv.sh test``); Chromium is Debian's (``scripts/system-deps.sh
test``). Without them a test is skipped with the reason, except under CI (``CI=true``),
where it fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.1 A and AA rules (axe-core's tags).
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Wall-clock limit for one Chromium run (it usually takes 1-3 s).
TIMEOUT_SECONDS = 90

_RUNNER = """
<script src="axe.min.js"></script>
<script>
(function () {
  var measured = {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth
  };
  function report(result) {
    window.parent.postMessage(JSON.stringify(result), "*");
  }
  axe.run(document, {runOnly: {type: "tag", values: TAGS}, resultTypes: ["violations"]})
    .then(function (r) {
      measured.violations = r.violations.map(function (v) {
        return {id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(function (n) { return n.target.join(" ") + ": " +
                                                   n.failureSummary; })};
      });
      measured.version = r.testEngine.version;
      report(measured);
    })
    .catch(function (e) { measured.error = String(e); report(measured); });
})();
</script>
"""
#: The page is shown in a frame of the width asked for: a headless window is never narrower
#: than 500 px, a phone's screen is.
_HOST = """<!DOCTYPE html><html lang="en"><head><title>host</title></head><body style="margin:0">
<iframe title="page" src="page.html" width="WIDTH" height="HEIGHT" style="border:0"></iframe>
<script>
window.addEventListener("message", function (event) {
  var out = document.createElement("pre");
  out.id = "axe-result";
  out.textContent = event.data;
  document.body.appendChild(out);
});
</script></body></html>
"""
_RESULT = re.compile(r'<pre id="axe-result">(.*?)</pre>', re.S)


@dataclass(frozen=True)
class AxeResult:
    violations: list[dict[str, Any]]
    scroll_width: int
    inner_width: int
    version: str

    def describe(self) -> str:
        """The violations, one rule a paragraph, readable in a test failure."""
        lines = []
        for v in self.violations:
            lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
            lines += [f"    {node}" for node in v["nodes"][:5]]
            if len(v["nodes"]) > 5:
                lines.append(f"    ... and {len(v['nodes']) - 5} more")
        return "\n".join(lines)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_browser() -> str:
    """Chromium's path; a missing browser or axe-core skips the test, or fails it in CI."""
    browser = chromium()
    missing = []
    if browser is None:
        missing.append("Chromium (bash scripts/system-deps.sh test)")
    if not AXE.is_file():
        missing.append("axe-core (cd tests/accessibility && npm ci)")
    if missing:
        message = "Accessibility check needs " + " and ".join(missing)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + ": it must run in CI.")
        pytest.skip(message + ".")
    assert browser is not None
    return browser


def run_axe(html: bytes, width: int, height: int = 812) -> AxeResult:
    """Open ``html`` in a ``width`` x ``height`` frame, run axe on it with the WCAG 2.1 AA
    rules, and measure how wide its content is."""
    browser = require_browser()
    page = html.decode("utf-8")
    if "</body>" not in page:
        raise AssertionError("The page has no </body>")
    runner = _RUNNER.replace("TAGS", json.dumps(WCAG_21_AA))
    with tempfile.TemporaryDirectory(prefix="resettle-axe-") as folder:
        root = Path(folder)
        shutil.copy(AXE, root / "axe.min.js")
        (root / "page.html").write_text(page.replace("</body>", runner + "</body>"), "utf-8")
        host = _HOST.replace("WIDTH", str(width)).replace("HEIGHT", str(height))
        (root / "host.html").write_text(host, "utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--hide-scrollbars",
            f"--user-data-dir={root / 'profile'}",
            f"--window-size={max(width, 800)},{height}",
            "--virtual-time-budget=60000",
            "--dump-dom",
            (root / "host.html").as_uri(),
        ]
        done = subprocess.run(
            command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False, cwd=root
        )
    dom = done.stdout.decode("utf-8", "replace")
    found = _RESULT.search(dom)
    if found is None:
        errors = done.stderr.decode("utf-8", "replace")[-2000:]
        raise AssertionError(f"axe did not report (Chromium exit {done.returncode}):\n{errors}")
    result = json.loads(unescape(found.group(1)))
    if "error" in result:
        raise AssertionError(f"axe failed: {result['error']}")
    return AxeResult(
        violations=result["violations"],
        scroll_width=result["scrollWidth"],
        inner_width=result["innerWidth"],
        version=result["version"],
    )
