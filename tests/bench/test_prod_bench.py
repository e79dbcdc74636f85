"""The production stack at district scale (issue 13): gunicorn with 2 uvicorn workers,
production settings with DEBUG off, PostgreSQL and Redis. Prints every figure with its
ratio and goal; asserts the goals.

    DATABASE_URL=postgres://... REDIS_URL=redis://... make bench-prod

BENCH_PARTS (comma-separated: pages, ballots, websockets, memory, queries; all by default)
runs only some parts, and BENCH_PAGES (names as printed, e.g. "clerk's list") only some
pages, for working on one figure.

- 1,000 WebSocket clients on one round, split over the 2 workers: every client receives
  every hint; p95 from commit to the last client <= 1 s.
- 100 members cast ballots at once over HTTP: 0 errors; p95 <= 5x a bare view doing one
  INSERT, served the same way in the same run.
- Concern list, results, leader queue, meetings list and clerk's list at 1,000 concerns,
  10,000 ballot lines and 2,000 members: median <= 2x and p95 <= 3x a bare view running the
  same list query (tests/bench/prod_urls.py); the same number of queries at 3 and 300 rows.
- Memory (RSS) of one web worker after 10,000 mixed requests.

The fan-out benchmark of district announcements (issue 13, part 4) lives with that
feature.
"""

import asyncio
import contextlib
import json
import os
import resource
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import psutil
import pytest
import websockets
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from advisory.models import (
    Concern,
    Membership,
    Phase,
    Recommendation,
    RecommendationStatus,
    Round,
)
from cms.models import User
from meetings.models import BoardIndexPage, MeetingPage, SpeakerSignup
from tests.bench.prod_urls import INSERT_TABLE
from tests.bench.test_advisory_bench import _seed
from tests.deploy import servers
from tests.meetings.conftest import open_comment, publish_child

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WS_CLIENTS, HINTS = 1000, 20
VOTERS = 100
RUNS = 40
MIXED_REQUESTS = 10_000
SCALE_ROWS = 300  # recommendations to the leader, upcoming meetings, speakers on the list
ALL_PARTS = ("pages", "ballots", "websockets", "memory", "queries")
PARTS = [p.strip() for p in os.environ.get("BENCH_PARTS", ",".join(ALL_PARTS)).split(",")]
ONLY_PAGES = [p.strip() for p in os.environ.get("BENCH_PAGES", "").split(",") if p.strip()]


def figure(name: str, value: str, *, ratio: float | None = None, goal: str = "") -> None:
    ratio_text = f"  ratio {ratio:.2f}x" if ratio is not None else ""
    goal_text = f"  (goal: {goal})" if goal else ""
    print(f"  {name:<58} {value:>12}{ratio_text}{goal_text}", flush=True)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


# Data -----------------------------------------------------------------------------------


def _leader_queue(group, round_, leader, count: int, author) -> None:
    today = timezone.localdate()
    recommendations = Recommendation.objects.bulk_create(
        [
            Recommendation(
                group=group,
                round=round_,
                title=f"Recommendation {i}",
                text="Buses should come on time. " * 5,
                summary="Buses on time.",
                language="en",
                created_by=author,
                submitted_by=author,
                status=RecommendationStatus.SUBMITTED,
                submitted_at=timezone.now(),
                due_on=today + timedelta(days=(i % 60) - 10),
            )
            for i in range(count)
        ]
    )
    Through = Recommendation.leaders.through
    Through.objects.bulk_create(
        [Through(recommendation_id=r.pk, user_id=leader.pk) for r in recommendations]
    )


def _board_with_meetings(home, count: int, slug: str) -> list[MeetingPage]:
    board = publish_child(home, BoardIndexPage(title=f"Board {slug}", slug=slug))
    start = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    pages = []
    for i in range(count):
        page = MeetingPage(
            title=f"Board meeting {slug} {i}",
            slug=f"{slug}-{i}",
            starts_at=start + timedelta(hours=i),
            ends_at=start + timedelta(hours=i, minutes=90),
            place="District office",
        )
        board.add_child(instance=page)
        pages.append(page)
    return pages


def _speakers(meeting: MeetingPage, count: int, users) -> None:
    open_comment(meeting, speaker_cap=max(count, 1))
    languages = ["es", "ar", "zh-hans", "vi", "ht", "so"]
    SpeakerSignup.objects.bulk_create(
        [
            SpeakerSignup(
                meeting_id=meeting.canonical_id,
                user=users[i],
                called_name=f"Speaker {i}",
                agenda_item="Buses",
                language=languages[i % len(languages)],
                needs_interpreter=i % 3 == 0,
                comment_text="The bus is late. " * 8,
                status="signed_up",
                position=i + 1,
            )
            for i in range(count)
        ]
    )


def _seed_district() -> dict:
    """1,000 concerns, 10,000 ballot lines, 2,000 members (tests/bench/test_advisory_bench);
    a leader with SCALE_ROWS recommendations, SCALE_ROWS upcoming board meetings, the first
    with SCALE_ROWS speakers; and the same pages at 3 rows (for the query counts)."""
    from allauth.mfa.models import Authenticator
    from wagtail.models import Site

    from tests.factories import UserFactory

    users, round_ = _seed()
    group = round_.group
    home = Site.objects.get(is_default_site=True).root_page.specific
    leader, small_leader = (UserFactory(roles=["leader"]) for _ in range(2))
    for person in (leader, small_leader):  # leaders must have a second factor
        Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={})
    _leader_queue(group, round_, leader, SCALE_ROWS, users[0])
    _leader_queue(group, round_, small_leader, 3, users[0])
    meetings = _board_with_meetings(home, SCALE_ROWS, "board")
    _speakers(meetings[0], SCALE_ROWS, users)
    _speakers(meetings[1], 3, users)
    small_round = Round.objects.create(group=group, title="Small", phase=Phase.VOTING)
    Concern.objects.bulk_create(
        [
            Concern(round=small_round, author=users[i], title=f"Small {i}", text="t", language="en")
            for i in range(3)
        ]
    )
    return {
        "users": users,
        "round": round_,
        "small_round": small_round,
        "group": group,
        "leader": leader,
        "small_leader": small_leader,
        "clerk": UserFactory(roles=["clerk"]),
        "meetings": meetings,
    }


# Figures ----------------------------------------------------------------------------------


def _pages(d: dict) -> list[tuple[str, str, str, object]]:
    """(name, page path, bare path, who reads it)."""
    r, m = d["round"].pk, d["meetings"][0].pk
    member, leader, clerk = d["users"][0], d["leader"], d["clerk"]
    return [
        ("concern list", f"/en/groups/bench/rounds/{r}/", f"/bench/bare/concerns/{r}/", member),
        ("results", f"/en/groups/bench/rounds/{r}/results/", f"/bench/bare/results/{r}/", member),
        ("leader queue", "/en/groups/answers/", "/bench/bare/answers/", leader),
        ("meetings list", "/en/meetings/", "/bench/bare/meetings/", member),
        (
            "clerk's list",
            f"/en/meetings/{m}/comment/speakers/",
            f"/bench/bare/speakers/{d['meetings'][0].canonical_id}/",
            clerk,
        ),
    ]


def _get_ms(server, path: str, browser) -> float:
    started = time.perf_counter()
    status, _headers, _body = servers.request(server, "GET", path, browser=browser)
    elapsed = (time.perf_counter() - started) * 1000
    assert status == 200, (path, status)
    return elapsed


def page_figures(server, d: dict, misses: list[str]) -> None:
    print("\nPages at 1,000 concerns / 10,000 ballot lines / 2,000 members (production server)")
    for name, page, bare, person in _pages(d):
        if ONLY_PAGES and name not in ONLY_PAGES:
            continue
        browser = servers.signed_in(person)
        for _ in range(3):  # warm both workers' caches and connections
            _get_ms(server, page, browser)
            _get_ms(server, bare, browser)
        page_ms, bare_ms = [], []
        for _ in range(RUNS):  # interleaved, so both see the same load on the machine
            bare_ms.append(_get_ms(server, bare, browser))
            page_ms.append(_get_ms(server, page, browser))
        bare_median, page_median = statistics.median(bare_ms), statistics.median(page_ms)
        median_ratio = page_median / bare_median
        p95_ratio = p95(page_ms) / p95(bare_ms)
        figure(f"{name}: bare view median / p95", f"{bare_median:.1f} / {p95(bare_ms):.1f} ms")
        figure(f"{name}: page median", f"{page_median:.1f} ms", ratio=median_ratio, goal="<= 2x")
        figure(f"{name}: page p95", f"{p95(page_ms):.1f} ms", ratio=p95_ratio, goal="<= 3x")
        if median_ratio > 2:
            misses.append(f"{name} median {median_ratio:.2f}x > 2x")
        if p95_ratio > 3:
            misses.append(f"{name} p95 {p95_ratio:.2f}x > 3x")


def _queries(path: str, user) -> int:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cache.clear()  # count the full work, not a cached fragment
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def query_count_figures(d: dict, misses: list[str]) -> None:
    print("\nQueries per page at 3 and at 300 rows")
    small_meeting = d["meetings"][1]
    member = d["users"][0]
    pairs = [
        (
            "concern list",
            f"/en/groups/bench/rounds/{d['small_round'].pk}/",
            f"/en/groups/bench/rounds/{d['round'].pk}/?page=2",
            member,
            member,
        ),
        (
            "results",
            f"/en/groups/bench/rounds/{d['small_round'].pk}/results/",
            f"/en/groups/bench/rounds/{d['round'].pk}/results/?page=2",
            member,
            member,
        ),
        (
            "leader queue",
            "/en/groups/answers/",
            "/en/groups/answers/",
            d["small_leader"],
            d["leader"],
        ),
        (
            "clerk's list",
            f"/en/meetings/{small_meeting.pk}/comment/speakers/",
            f"/en/meetings/{d['meetings'][0].pk}/comment/speakers/",
            d["clerk"],
            d["clerk"],
        ),
    ]
    for name, small, big, small_user, big_user in pairs:
        few, many = _queries(small, small_user), _queries(big, big_user)
        figure(f"{name}: queries at 3 / 300 rows", f"{few} / {many}", goal="equal")
        if few != many:
            misses.append(f"{name}: {few} queries at 3 rows, {many} at 300")
    # The meetings list is site-wide: count it with 3 upcoming meetings, then with all.
    live = list(MeetingPage.objects.live().values_list("pk", flat=True))
    keep = live[:3]
    MeetingPage.objects.filter(pk__in=live).exclude(pk__in=keep).update(live=False)
    few = _queries("/en/meetings/", member)
    MeetingPage.objects.filter(pk__in=live).update(live=True)
    many = _queries("/en/meetings/", member)
    figure("meetings list: queries at 3 / 300 rows", f"{few} / {many}", goal="equal")
    if few != many:
        misses.append(f"meetings list: {few} queries at 3 rows, {many} at 300")


def _post(server, path: str, browser, data: dict) -> tuple[int, float]:
    started = time.perf_counter()
    status, _headers, _body = servers.request(server, "POST", path, browser=browser, data=data)
    return status, (time.perf_counter() - started) * 1000


def _all_at_once(count: int, work) -> list:
    barrier = threading.Barrier(count)

    def run(i):
        barrier.wait()
        return work(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def ballot_figures(server, d: dict, misses: list[str]) -> None:
    print(f"\n{VOTERS} members cast ballots at once (HTTP, 2 workers)")
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {INSERT_TABLE} (id bigserial PRIMARY KEY, "
            "label varchar(40), at timestamptz)"
        )
    round_ = d["round"]
    concerns = list(
        Concern.objects.filter(round=round_).order_by("pk").values_list("pk", flat=True)[:50]
    )
    # Fresh voters: members without a ballot yet, each spending their 5 dots.
    voters = User.objects.bulk_create(
        [
            User(username=f"voter{i}", display_name=f"Voter {i}", email=f"v{i}@x.org", password="!")
            for i in range(VOTERS)
        ]
    )
    Membership.objects.bulk_create([Membership(group=d["group"], user=u) for u in voters])
    browsers = [servers.signed_in(u) for u in voters]
    ballot_path = f"/en/groups/bench/rounds/{round_.pk}/ballot/"

    def allocation(i):
        return {f"c{concerns[(i + j) % len(concerns)]}": "1" for j in range(round_.dot_budget)}

    for _ in range(2):  # warm up both
        _post(server, "/bench/bare/insert/", browsers[0], {"label": "warm"})
    bare = _all_at_once(
        VOTERS, lambda i: _post(server, "/bench/bare/insert/", browsers[i], {"label": f"v{i}"})
    )
    cast = _all_at_once(VOTERS, lambda i: _post(server, ballot_path, browsers[i], allocation(i)))
    bare_errors = sum(status != 200 for status, _ in bare)
    errors = sum(status != 302 for status, _ in cast)
    from advisory.models import Ballot

    saved = Ballot.objects.filter(round=round_, member__in=voters, dots__isnull=False).distinct()
    errors += VOTERS - saved.count()
    bare_p95, cast_p95 = p95([ms for _, ms in bare]), p95([ms for _, ms in cast])
    ratio = cast_p95 / bare_p95
    figure("bare INSERT view: p95 (100 at once)", f"{bare_p95:.0f} ms")
    figure("bare INSERT view: errors", f"{bare_errors}")
    figure("ballots: errors", f"{errors}", goal="0")
    figure("ballots: p95 (100 at once)", f"{cast_p95:.0f} ms", ratio=ratio, goal="<= 5x")
    figure("ballots: median", f"{statistics.median([ms for _, ms in cast]):.0f} ms")
    if errors:
        statuses = sorted({status for status, _ in cast if status != 302})
        misses.append(f"{errors} ballot errors (statuses {statuses})")
    if ratio > 5:
        misses.append(f"ballot p95 {ratio:.2f}x > 5x")


async def _ws_fanout(server, d: dict, misses: list[str]) -> None:
    from websockets.asyncio.client import connect

    round_ = d["round"]
    path = f"/ws/groups/bench/round/{round_.pk}/"
    members = d["users"][:WS_CLIENTS]
    browsers = await asyncio.to_thread(lambda: [servers.signed_in(u) for u in members])
    received: list[list[float]] = [[] for _ in range(HINTS)]
    done = [asyncio.Event() for _ in range(HINTS)]
    sockets = []
    semaphore = asyncio.Semaphore(50)

    async def open_one(browser):
        async with semaphore:
            ws = await connect(
                server.ws_base + path,
                compression=None,
                max_queue=None,
                **servers.ws_headers(server, browser),
            )
            sockets.append(ws)

    started = time.perf_counter()
    await asyncio.gather(*(open_one(b) for b in browsers))
    connected_s = time.perf_counter() - started
    split = {
        pid: sum(
            1
            for c in psutil.Process(pid).net_connections(kind="tcp")
            if c.status == psutil.CONN_ESTABLISHED and c.laddr.port == server.port
        )
        for pid in server.worker_pids()
    }
    figure(f"{WS_CLIENTS} WebSocket clients connected in", f"{connected_s:.1f} s")
    figure("clients per worker", " / ".join(str(n) for n in split.values()))

    async def listen(ws):
        with contextlib.suppress(websockets.ConnectionClosed):
            await _listen(ws)

    async def _listen(ws):
        async for raw in ws:
            arrival = time.perf_counter()
            assert json.loads(raw)["id"] == round_.pk
            slot = _current[0]  # hints are sent one at a time, each awaited
            received[slot].append(arrival)
            if len(received[slot]) == WS_CLIENTS:
                done[slot].set()

    _current = [0]
    listeners = [asyncio.create_task(listen(ws)) for ws in sockets]
    voters = d["users"][WS_CLIENTS : WS_CLIENTS + HINTS]
    concern_ids = d["hint_concerns"]
    commits: list[float] = []

    def cast(i: int) -> None:
        from advisory.services.cycle import ballot_cast

        try:
            with transaction.atomic():
                transaction.on_commit(lambda: commits.append(time.perf_counter()))
                ballot_cast(
                    actor=voters[i], round_=round_, allocation={concern_ids[i % 5]: 1 + i % 2}
                )
        finally:
            connections.close_all()

    latencies, missing = [], 0
    for i in range(HINTS):
        _current[0] = i
        await asyncio.to_thread(cast, i)
        try:
            await asyncio.wait_for(done[i].wait(), timeout=10)
        except TimeoutError:
            missing += WS_CLIENTS - len(received[i])
        if received[i]:
            latencies.append((max(received[i]) - commits[i]) * 1000)
        await asyncio.sleep(0.2)
    for task in listeners:
        task.cancel()
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    worst = p95(latencies)
    figure("hints received (clients x hints)", f"{sum(map(len, received))} / {WS_CLIENTS * HINTS}")
    figure("commit -> last client: median", f"{statistics.median(latencies):.0f} ms")
    figure("commit -> last client: p95", f"{worst:.0f} ms", ratio=worst / 1000, goal="<= 1 s")
    if missing or sum(map(len, received)) != WS_CLIENTS * HINTS:
        misses.append(f"{WS_CLIENTS * HINTS - sum(map(len, received))} hints not received")
    if len(split) != 2 or min(split.values()) == 0:
        misses.append(f"clients not split over 2 workers: {split}")
    if worst > 1000:
        misses.append(f"hint p95 {worst:.0f} ms > 1 s")


def memory_figure(server, d: dict) -> None:
    print(f"\nMemory of the web workers after {MIXED_REQUESTS:,} mixed requests")
    pids = server.worker_pids()
    before = {pid: psutil.Process(pid).memory_info().rss for pid in pids}
    member = servers.signed_in(d["users"][0])
    paths = [(page, bare, servers.signed_in(who)) for _n, page, bare, who in _pages(d)]
    mix = []
    for page, bare, browser in paths:
        mix += [(page, browser), (bare, browser)]
    mix += [
        (f"/en/groups/bench/rounds/{d['round'].pk}/ballot/", member),
        ("/en/partners/", member),
        ("/en/", None),
        (
            f"/en/groups/bench/concerns/{Concern.objects.filter(round=d['round']).first().pk}/",
            member,
        ),
    ]
    errors = []

    def hit(i):
        path, browser = mix[i % len(mix)]
        status, _h, _b = servers.request(server, "GET", path, browser=browser)
        if status != 200:
            errors.append((path, status))

    started = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(hit, range(MIXED_REQUESTS)))
    elapsed = time.perf_counter() - started
    for pid in pids:
        after = psutil.Process(pid).memory_info().rss
        figure(
            f"worker {pid}: RSS before -> after",
            f"{before[pid] / 2**20:.0f} -> {after / 2**20:.0f} MiB",
        )
    figure("mixed requests per second", f"{MIXED_REQUESTS / elapsed:.0f}")
    assert errors == [], errors[:5]


def test_production_stack_at_district_scale(tmp_path):
    reason = servers.available()
    if reason:
        pytest.skip(reason)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 4096:  # 1,000 sockets here and in the workers (inherited by the servers)
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
    started = time.perf_counter()
    d = _seed_district()
    print(f"\nseeded in {time.perf_counter() - started:.0f} s", flush=True)
    env = servers.server_env(
        tmp_path,
        DJANGO_SETTINGS_MODULE="tests.bench.prod_settings",
        GUNICORN_MAX_REQUESTS="0",  # measure one worker's memory over the whole run
    )
    servers.collectstatic(env)
    servers.flush_redis()
    server = servers.start(env, workers=2)
    misses: list[str] = []
    redis_layer = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": settings.REDIS_URL, "max_connections": 1000}]},
        }
    }
    redis_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
        }
    }
    try:
        print(f"\nServer: gunicorn, 2 uvicorn workers {server.worker_pids()}, DEBUG off")
        if "pages" in PARTS:
            page_figures(server, d, misses)
        if "ballots" in PARTS:
            ballot_figures(server, d, misses)
        if "websockets" in PARTS:
            print(f"\n{WS_CLIENTS:,} WebSocket clients on one round, {HINTS} hints")
            d["hint_concerns"] = list(
                Concern.objects.filter(round=d["round"]).values_list("pk", flat=True)[:5]
            )
            with override_settings(CHANNEL_LAYERS=redis_layer, CACHES=redis_cache):
                asyncio.run(_ws_fanout(server, d, misses))
        if "memory" in PARTS:
            memory_figure(server, d)
    finally:
        server.stop()
        keys = ("ERROR", "WARNING", "Error", "Traceback", "Exception", "Worker")
        problems = [line for line in server.log if any(k in line for k in keys)]
        if problems:
            print(f"\nserver log: {len(problems)} warnings/errors, the last:")
            print("\n".join(problems[-15:]))
    if "queries" in PARTS:
        query_count_figures(d, misses)
    assert misses == []
