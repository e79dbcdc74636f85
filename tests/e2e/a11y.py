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
