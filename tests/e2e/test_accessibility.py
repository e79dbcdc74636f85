"""The accessibility gate: axe-core on every page a family, facilitator, leader,
interpreter, coordinator or clerk uses, signed in as that person, in English and Arabic,
at 360 px (a phone) and 1280 px. Any serious or critical violation fails; every
violation is written to test-artifacts/a11y/report.json and report.md. The Arabic and
Somali pages at 360 px are kept as screenshots in test-artifacts/a11y/screenshots/.

Fast by design: the district is built once for the module (through the services), each
person has one signed-in browser context for the whole module, and each page is loaded
once per language and checked at both widths by resizing. At 360 px the same pass
checks that tap targets are at least 44 px and text at least 16 px."""

import json

import pytest
from django.core.management import call_command
from django.db import connections

from tests.e2e.a11y import (
    AXE,
    SCREENSHOTS,
    axe_missing_message,
    blocking,
    describe,
    phone_problems,
    run_axe,
    signed_in_context,
    write_report,
)
from tests.e2e.a11y_world import build_world, meeting_address

pytestmark = pytest.mark.e2e

LANGUAGES = ("en", "ar")
WIDTHS = (360, 1280)
SCREENSHOT_LANGUAGES = ("ar", "so")
PAGES = [
    "home",
    "sign-in-password",
    "sign-in-code",
    "sign-up",
    "sign-up-phone",
    "group",
    "group-public-page",
    "round-and-concerns",
    "round-facilitator",
    "concern",
    "ballot",
    "results-live",
    "results-closed",
    "poll",
    "recommendations",
    "recommendation-draft",
    "recommendation-edit",
    "recommendation-diff",
    "recommendation-public",
    "leader-queue",
    "answer-form",
    "meeting",
    "rsvp",
    "interpreter-slots",
    "coverage",
    "coverage-meeting",
    "public-comment-sign-up",
    "clerk-list",
    "live-queue",
    "announcements",
    "announcement-progress",
    "inbox",
    "unknown-texts",
    "profile",
]


def _restore_migration_data() -> None:
    """Transactional tests before this module leave the database flushed; put back what
    the migrations made (as ``serialized_rollback`` does) before building the world."""
    from wagtail.models import Page

    if Page.get_first_root_node() is not None:
        return
    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents:
            connections[alias].creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The district, committed for the module, and flushed afterwards as a transactional
    test would be. The database stays open while the module runs: the ASGI server's
    threads read it on every request."""
    with django_db_blocker.unblock():
        _restore_migration_data()
        world = build_world()
        yield world
        for alias in connections:
            call_command(
                "flush", database=alias, interactive=False, verbosity=0, inhibit_post_migrate=True
            )


@pytest.fixture(scope="module")
def tabs(browser, asgi_live_server, world):
    """One signed-in tab per person, reused by every page of the module."""
    opened = {}

    def tab_for(who: str):
        if who not in opened:
            context = signed_in_context(
                browser,
                asgi_live_server.url,
                world.users[who],
                viewport={"width": WIDTHS[0], "height": 800},
            )
            page = context.new_page()
            page.set_default_timeout(20_000)
            opened[who] = page
        return opened[who]

    yield tab_for
    for page in opened.values():
        page.context.close()


@pytest.fixture(scope="module")
def report():
    results: list[dict] = []
    yield results
    if results:
        write_report(results)


def address(world, name: str, language: str) -> str:
    path, _who = world.pages[name]
    if path is None:
        return meeting_address(world.objects["meeting"], language)
    return f"/{language}{path}"


# Marked for the database so that pytest-django creates the test database the module's
# district is built in (the district's tests open it themselves, for the whole module).
@pytest.mark.django_db
def test_axe_core_is_installed_at_the_version_pinned_in_package_json():
    assert AXE.exists(), axe_missing_message()
    pinned = json.loads((AXE.parents[2] / "package.json").read_text())["devDependencies"]
    installed = json.loads((AXE.parent / "package.json").read_text())["version"]
    assert installed == pinned["axe-core"], axe_missing_message()


def test_every_page_the_issue_lists_is_checked(world):
    assert sorted(world.pages) == sorted(PAGES)


@pytest.mark.parametrize("name", PAGES)
def test_page_passes_the_accessibility_gate(name, world, tabs, report, asgi_live_server):
    assert AXE.exists(), axe_missing_message()
    who = world.pages[name][1]
    page = tabs(who)
    failures = []
    for language in (*LANGUAGES, "so"):
        url = asgi_live_server.url + address(world, name, language)
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
        response = page.goto(url)
        assert response.ok, f"{url} answered {response.status}"
        assert page.evaluate("document.documentElement.lang") == language
        expected_dir = "rtl" if language == "ar" else "ltr"
        assert page.evaluate("document.documentElement.dir") == expected_dir
        if language in SCREENSHOT_LANGUAGES:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{language}-360.png"), full_page=True)
        if language not in LANGUAGES:  # Somali: the layout of long words only
            failures += [
                f"{url} at {WIDTHS[0]} px: the page scrolls sideways: {problem}"
                for problem in phone_problems(page)["wide"]
            ]
            continue
        for width in WIDTHS:
            if width != WIDTHS[0]:
                page.set_viewport_size({"width": width, "height": 800})
            violations = run_axe(page)
            if width == WIDTHS[0]:
                phone = phone_problems(page)
                for problem in phone["small"]:
                    failures.append(f"{url} at {width} px: tap target under 44 px: {problem}")
                for problem in phone["tiny"]:
                    failures.append(f"{url} at {width} px: text under 16 px: {problem}")
                for problem in phone["wide"]:
                    failures.append(f"{url} at {width} px: the page scrolls sideways: {problem}")
            report.append(
                {
                    "page": name,
                    "language": language,
                    "width": width,
                    "url": url,
                    "person": who,
                    "violations": violations,
                }
            )
            if blocking(violations):
                failures.append(f"{url} at {width} px:\n{describe(blocking(violations))}")
    assert not failures, "Accessibility gate:\n" + "\n".join(failures)


def test_the_gate_catches_an_unlabelled_field_low_contrast_small_targets_small_text_and_width(
    browser,
):
    """The checks themselves can fail: a page with known faults is caught by each."""
    assert AXE.exists(), axe_missing_message()
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.set_content(
        """<!DOCTYPE html><html lang="en"><head><title>Faults</title></head><body><main>
        <h1>Faults</h1>
        <input type="text" name="nolabel">
        <p style="color:#bbb;background:#fff">Hard to read.</p>
        <button style="min-height:0;height:20px;padding:0">Go</button>
        <p style="font-size:12px">Tiny text.</p>
        <p>A sentence with <a href="#x">an inline link</a> in it is exempt.</p>
        <div style="width:600px">Too wide for a phone.</div>
        <div style="overflow-x:auto"><table style="width:600px"><tr><td>A wide table that
        scrolls in its own region</td></tr></table></div>
        </main></body></html>"""
    )
    found = {v["id"]: v["impact"] for v in run_axe(page)}
    assert found["label"] in ("critical", "serious")
    assert found["color-contrast"] == "serious"
    phone = phone_problems(page)
    assert any('button "Go"' in problem for problem in phone["small"])
    assert not any("inline link" in problem for problem in phone["small"])
    assert any('"Tiny text."' in problem for problem in phone["tiny"])
    assert len(phone["wide"]) == 1 and '"Too wide for a phone."' in phone["wide"][0]
    context.close()
