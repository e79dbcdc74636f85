"""Helpers for the accessibility browser tests: axe-core injected into a page, a signed-in
browser context per person, and the report the gate writes.

axe-core comes from the npm registry at the version pinned in tests/e2e/package-lock.json
(`make axe`, run by `make test` and `make a11y`); nothing is fetched while tests run."""

import json
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.test import Client

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
A11Y_ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "a11y"
SCREENSHOTS = A11Y_ARTIFACTS / "screenshots"
BLOCKING = ("critical", "serious")

# Everything axe checks by default (WCAG 2.0-2.2 A/AA and best practices), plus the
# WCAG 2.2 target-size rule, which axe leaves off by default.
AXE_RUN = """
async () => {
  const result = await axe.run(document, {
    resultTypes: ['violations'],
    rules: {'target-size': {enabled: true}},
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
    nodes: v.nodes.map(n => ({
      target: n.target.join(' '), html: n.html.slice(0, 300),
      summary: (n.failureSummary || '').slice(0, 600),
    })),
  }));
}
"""


def axe_missing_message() -> str:
    return f"axe-core is not installed at {AXE}; run `make axe` (npm ci in tests/e2e)"


def run_axe(page) -> list[dict]:
    """Inject axe-core (once per document) and return its violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN)


def signed_in_context(browser, base_url: str, user, **options):
    """A browser context signed in as ``user`` (None: a visitor). The page's Content
    Security Policy is bypassed only so that axe-core can be injected."""
    context = browser.new_context(bypass_csp=True, **options)
    if user is not None:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": base_url,
                }
            ]
        )
    return context


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"      at {node['target']}: {node['html'][:160]}")
    return "\n".join(lines)


def write_report(results: list[dict], folder: Path = A11Y_ARTIFACTS) -> Path:
    """report.json (every violation, with where) and report.md (a readable summary:
    blocking first, then the moderate and minor ones to fix next)."""
    folder.mkdir(parents=True, exist_ok=True)
    results = sorted(results, key=lambda r: (r["page"], r["language"], r["width"]))
    (folder / "report.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    by_rule: dict[str, dict] = {}
    counts = Counter()
    for r in results:
        for v in r["violations"]:
            entry = by_rule.setdefault(
                v["id"], {"impact": v["impact"], "help": v["help"], "url": v["helpUrl"], "at": []}
            )
            entry["at"].append(
                f"{r['page']} ({r['language']}, {r['width']} px): "
                + ", ".join(f"`{n['target']}`" for n in v["nodes"][:3])
            )
            counts[v["impact"]] += len(v["nodes"])
    checked = len(results)
    pages = len({r["page"] for r in results})
    lines = [
        "# Accessibility report (axe-core)",
        "",
        f"{checked} checks: {pages} pages, each in English and Arabic at 360 and 1280 px.",
        "Serious and critical violations fail the test suite; moderate and minor ones are "
        "listed here to fix next.",
        "",
        "| impact | elements |",
        "|---|---|",
    ]
    for impact in ("critical", "serious", "moderate", "minor"):
        lines.append(f"| {impact} | {counts.get(impact, 0)} |")
    order = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
    for rule, entry in sorted(
        by_rule.items(), key=lambda kv: (order.get(kv[1]["impact"], 9), kv[0])
    ):
        lines += ["", f"## {rule} ({entry['impact']})", "", f"{entry['help']}: {entry['url']}", ""]
        lines += [f"- {where}" for where in entry["at"]]
    if not by_rule:
        lines += ["", "No violations."]
    path = folder / "report.md"
    path.write_text("\n".join(lines) + "\n")
    return path


# Phones: every link, button and form control in the page's main content is at least
# 44 x 44 px (a checkbox or radio counts with its label, which also takes the tap), except
# links inside a sentence, which WCAG 2.5.8 exempts; text is at least 16 px; and the page
# does not scroll sideways.
PHONE_CHECKS = """
() => {
  const MIN = 44 - 0.5, MIN_TEXT = 16 - 0.1;
  const shown = el => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && !el.closest('.visually-hidden, [hidden]');
  };
  const name = el => (el.tagName.toLowerCase() + (el.name ? `[name=${el.name}]` : '') + ' "' +
    (el.textContent || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 40) + '"');
  const inSentence = el => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    const block = el.parentElement.closest('p, li, td, dd, small, span, label, legend');
    if (!block) return false;
    const own = el.textContent.trim().length;
    return block.textContent.trim().length > own + 3;
  };
  const small = [];
  const main = document.querySelector('main');
  for (const el of main.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
    if (!shown(el) || inSentence(el)) continue;
    let r = el.getBoundingClientRect();
    let box = {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
    if ((el.type === 'checkbox' || el.type === 'radio') && el.labels) {
      for (const label of el.labels) {
        const l = label.getBoundingClientRect();
        box = {left: Math.min(box.left, l.left), top: Math.min(box.top, l.top),
               right: Math.max(box.right, l.right), bottom: Math.max(box.bottom, l.bottom)};
      }
    }
    const w = box.right - box.left, h = box.bottom - box.top;
    if (w < MIN || h < MIN) small.push(`${name(el)} is ${Math.round(w)}x${Math.round(h)} px`);
  }
  const tiny = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || !shown(el) || el.closest('script, style, noscript')) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < MIN_TEXT) tiny.add(`${name(el)} is ${size} px`);
  }
  // Reflow (WCAG 1.4.10): nothing makes the page itself scroll sideways. A wide table may
  // scroll inside its own region (.table-scroll), which WCAG allows for data tables.
  const wide = [];
  const vw = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > vw + 1) {
    const scrolls = el => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
      }
      return false;
    };
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || (r.right <= vw + 1 && r.left >= -1) || scrolls(el)) continue;
      if (el.parentElement && wide.some(w => w.el.contains(el))) continue;
      wide.push({el, text: `${name(el)} spans ${Math.round(r.left)} to ${Math.round(r.right)} px`});
      if (wide.length >= 5) break;
    }
    if (!wide.length) {  // e.g. a positioned element escaping its scrolling region
      const w = document.documentElement.scrollWidth;
      wide.push({el: document.body, text: `the page is ${w} px wide in a ${vw} px window`});
    }
  }
  return {small, tiny: [...tiny], wide: wide.map(w => w.text)};
}
"""


def phone_problems(page) -> dict:
    """Tap targets under 44 px, text under 16 px and what makes the page scroll sideways, on
    the current page (run at 360 px)."""
    return page.evaluate(PHONE_CHECKS)
