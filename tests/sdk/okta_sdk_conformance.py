#!/usr/bin/env python3
"""Okta's official Python Management SDK (okta, pinned in requirements.txt) against `oktui sim serve`.

A client nobody here wrote talks to the simulated org as it would to a real one, with no
workaround: SSWS (the SDK sends `SSWS<token>`), OAuth private_key_jwt with the printed RSA key,
and DPoP-bound tokens against `--require-dpop`. It lists every user and compares them with
`oktui users`, reads groups and their members, apps, policies of every type and their rules,
factors, follows a 24-hour System Log window to its end and compares it with `oktui logs`, runs
a filtered log query, suspends and unsuspends a user, and lists the directory under
`--fault-429 0.2`. Every SDK model validation error and every API error fails the run, but
one defect of the SDK itself, pinned exactly: it cannot model the default IdP discovery rule
Okta ships (see is_sdk_okta_provider_defect); those rules are then read raw and checked.

Usage: okta_sdk_conformance.py OKTUI_BINARY
Run it with the Python of a virtualenv holding the pinned SDK (tests/sdk/setup-venv.sh makes one).
Prints one line per check and "N/N SDK checks hold" at the end; exits 1 if any check failed.
"""

import asyncio
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from importlib import metadata


def pinned_sdk_version():
    """The version requirements.txt, beside this script, pins (`okta==X`)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "requirements.txt")
    with open(path) as f:
        return next(line.strip()[len("okta=="):] for line in f if line.startswith("okta=="))


SDK_VERSION = pinned_sdk_version()
# The SDK refuses http:// org URLs unless this testing switch is on (its documented env form).
os.environ["OKTA_TESTING_TESTINGDISABLEHTTPSCHECK"] = "true"

from okta.client import Client  # noqa: E402  (after the switch above)
from okta.pagination import PaginationHelper  # noqa: E402

POLICY_TYPES = ["OKTA_SIGN_ON", "PASSWORD", "MFA_ENROLL", "ACCESS_POLICY", "PROFILE_ENROLLMENT", "IDP_DISCOVERY"]
READ_SCOPES = ["okta.users.read", "okta.groups.read", "okta.apps.read", "okta.policies.read", "okta.logs.read"]
SESSION_START = 'eventType eq "user.session.start"'

results = []


def check(name, ok, detail="", took=None):
    results.append(bool(ok))
    line = ("  ok " if ok else "  x  ") + name
    if took is not None:
        line += " (%.1f s)" % took
    print(line + (": " + str(detail) if detail else ""), flush=True)


async def run_check(name, coro):
    """Runs one check; an exception (an SDK validation error among them) fails it."""
    started = time.monotonic()
    try:
        ok, detail = await coro
    except Exception as e:  # noqa: BLE001  every failure, whatever its type, is reported
        ok, detail = False, "%s: %s\n%s" % (type(e).__name__, e, traceback.format_exc(limit=6))
    check(name, ok, detail, time.monotonic() - started)


class Sim:
    """`oktui sim serve ARGS` in a child process: its credentials line, killed on exit."""

    def __init__(self, oktui, *args):
        self.proc = subprocess.Popen([oktui, "sim", "serve", *args], stdout=subprocess.PIPE)
        self.oktui = oktui
        self.info = None

    def wait(self):
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("oktui sim serve printed no credentials line (exit %s)" % self.proc.wait())
        self.info = json.loads(line)
        return self

    def stop(self):
        self.proc.kill()
        self.proc.wait()

    def oktui_json(self, *args):
        """`oktui ARGS --format json` against this org with its SSWS token, in a private home."""
        with tempfile.TemporaryDirectory() as home:
            env = {
                "PATH": os.environ.get("PATH", ""),
                "HOME": home,
                "XDG_CONFIG_HOME": os.path.join(home, ".config"),
                "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
                "OKTA_CLIENT_ORGURL": self.info["url"],
                "OKTA_CLIENT_TOKEN": self.info["api_token"],
            }
            out = subprocess.run([self.oktui, *args, "--format", "json"], env=env, capture_output=True, timeout=300)
        if out.returncode != 0:
            raise RuntimeError("oktui %s failed: %s" % (" ".join(args), out.stderr.decode(errors="replace")))
        return json.loads(out.stdout)

    def ssws(self, max_retries=2):
        return Client({
            "orgUrl": self.info["url"],
            "token": self.info["api_token"],
            "rateLimit": {"maxRetries": max_retries},
            "requestTimeout": 120,
        })

    def private_key(self, scopes, dpop=False):
        config = {
            "orgUrl": self.info["url"],
            "authorizationMode": "PrivateKey",
            "clientId": self.info["client_id"],
            "scopes": scopes,
            "privateKey": self.info["private_key_pem"],
            "kid": self.info["key_id"],
            "requestTimeout": 120,
        }
        if dpop:
            config["dpopEnabled"] = True
        return Client(config)


async def all_pages(method, *args, **kwargs):
    """Every item of a listing, following the `after` cursor of the `next` Link to its end."""
    items, after = [], None
    while True:
        page, resp, err = await method(*args, after=after, **kwargs)
        if err is not None:
            raise RuntimeError("%s failed: %s" % (method.__name__, err))
        items.extend(page or [])
        after = PaginationHelper.extract_next_cursor(resp.headers)
        if not after:
            return items


async def call(method, *args, **kwargs):
    """One SDK call's result; an error raises."""
    value, resp, err = await method(*args, **kwargs)
    if err is not None:
        raise RuntimeError("%s failed: %s" % (method.__name__, err))
    return value


def okta_time(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


async def users_match_oktui(client, sim):
    users = await all_pages(client.list_users, limit=200)
    theirs = [u["id"] for u in sim.oktui_json("users")]
    ours = [u.id for u in users]
    return ours == theirs and len(ours) > 0, "SDK %d users, oktui %d" % (len(ours), len(theirs))


async def groups_and_members(client, sim):
    groups = await all_pages(client.list_groups, limit=50)
    members = 0
    for g in groups:
        members += len(await all_pages(client.list_group_users, g.id, limit=200))
    theirs = sorted(g["id"] for g in sim.oktui_json("groups"))
    ok = sorted(g.id for g in groups) == theirs and members > 0
    return ok, "%d groups (oktui %d), %d memberships" % (len(groups), len(theirs), members)


async def apps_match_oktui(client, sim):
    apps = await all_pages(client.list_applications, limit=20)
    theirs = sorted(a["id"] for a in sim.oktui_json("apps"))
    return sorted(a.id for a in apps) == theirs and apps, "SDK %d apps, oktui %d" % (len(apps), len(theirs))


async def raw_get(client, path):
    """A GET through the SDK's own request executor (its auth, retries and DPoP), as JSON."""
    executor = client.get_request_executor()
    request, err = await executor.create_request("GET", path)
    if err is None:
        _, body, err = await executor.execute(request)
    if err is not None:
        raise RuntimeError("GET %s failed: %s" % (path, err))
    return json.loads(body)


def is_sdk_okta_provider_defect(error):
    """okta 3.4.6 cannot parse an IdP discovery rule routing to Okta itself, `{"type": "OKTA"}`:
    its IdentityProviderType enum lacks OKTA, though Okta's spec documents it (the provider's
    `id`: "IdP types of OKTA, AgentlessDSSO, and IWA don't require an ID"; the example
    list-all-idp-discovery-policy-rule-response). Every Identity Engine org's default rule
    routes there, so this error is the SDK's, not the org's."""
    text = str(error)
    return "IdpPolicyRuleActionProvider" in text and "input_value='OKTA'" in text and text.count("validation error") == 1


async def idp_discovery_rules(client, policy):
    """The rules of an IdP discovery policy: through the SDK's models if it can parse them,
    else (its one known defect, nothing else) read raw and checked against the spec's shape."""
    try:
        return await call(client.list_policy_rules, policy.id)
    except Exception as e:  # noqa: BLE001  only the known defect is let through
        if not is_sdk_okta_provider_defect(e):
            raise
    print("     (okta %s cannot model an IdP discovery rule routing to OKTA: read raw)" % SDK_VERSION)
    rules = await raw_get(client, "/api/v1/policies/%s/rules" % policy.id)
    for rule in rules:
        providers = rule["actions"]["idp"]["providers"]
        if rule["type"] != "IDP_DISCOVERY" or not all(p["type"] == "OKTA" or p.get("id") for p in providers):
            raise RuntimeError("an IdP discovery rule unlike Okta's: %s" % rule)
    return rules


async def policies_by_type(client):
    counts = {}
    for policy_type in POLICY_TYPES:
        policies = await all_pages(client.list_policies, type=policy_type)
        rules = 0
        for p in policies:
            if policy_type == "IDP_DISCOVERY":
                rules += len(await idp_discovery_rules(client, p))
            else:
                rules += len(await call(client.list_policy_rules, p.id))
        counts[policy_type] = (len(policies), rules)
    ok = all(n > 0 and r > 0 for n, r in counts.values())
    return ok, counts


async def factors_of_some_users(client):
    users = await call(client.list_users, limit=40)
    enrolled = 0
    for u in users:
        enrolled += len(await call(client.list_factors, u.id))
    return enrolled > 0, "%d factors of %d users" % (enrolled, len(users))


async def log_window_matches_oktui(client, sim, since, until):
    events = await all_pages(client.list_log_events, since=since, until=until, limit=1000)
    ours = [e.uuid for e in events]
    theirs = [e["uuid"] for e in sim.oktui_json("logs", "--since", since, "--until", until)]
    ok = ours == theirs and len(ours) > 5000 and len(set(ours)) == len(ours)
    return ok, "SDK %d events, oktui %d" % (len(ours), len(theirs))


async def filtered_log_query(client, since, until):
    events = await all_pages(client.list_log_events, since=since, until=until, filter=SESSION_START, limit=1000)
    ok = events and all(e.event_type == "user.session.start" for e in events)
    return ok, "%d user.session.start events" % len(events)


def status(user):
    return getattr(user.status, "value", user.status)


async def suspend_and_unsuspend(client, token_owner=False):
    """Suspends an ACTIVE user (not the API token's owner) and unsuspends it."""
    me = (await call(client.get_user, "me")).id if token_owner else None
    active = await call(client.list_users, search='status eq "ACTIVE"', limit=10)
    user = next(u for u in active if u.id != me)
    await call(client.suspend_user, user.id)
    suspended = status(await call(client.get_user, user.id))
    await call(client.unsuspend_user, user.id)
    back = status(await call(client.get_user, user.id))
    return (suspended, back) == ("SUSPENDED", "ACTIVE"), "%s -> %s -> %s" % (user.id, suspended, back)


async def listing_counts(client, expected):
    users = await all_pages(client.list_users, limit=200)
    return len(users) == expected and len({u.id for u in users}) == expected, "%d of %d" % (len(users), expected)


async def main(oktui):
    print("okta %s (Okta's Python Management SDK) against oktui sim serve" % metadata.version("okta"))
    if metadata.version("okta") != SDK_VERSION:
        check("the pinned SDK okta==%s is installed" % SDK_VERSION, False, metadata.version("okta"))
        return
    # Three orgs at once: a day of System Log, one that requires DPoP, one with spurious 429s.
    # Six ordinary events a minute (a day of about 8,600) keep the run short; the SDK parses
    # every one of them.
    full = Sim(oktui, "--users", "1000", "--seed", "5", "--backfill-hours", "24", "--events-per-minute", "6")
    dpop = Sim(oktui, "--users", "300", "--seed", "6", "--backfill-hours", "1", "--require-dpop")
    flaky = Sim(oktui, "--users", "1000", "--seed", "7", "--backfill-hours", "0.5", "--fault-429", "0.2")
    sims = [full, dpop, flaky]
    try:
        started = time.monotonic()
        for sim in sims:
            sim.wait()
        print("three orgs up in %.1f s" % (time.monotonic() - started))
        pem = full.info["private_key_pem"]
        check("sim serve prints an RSA key by default", "BEGIN PRIVATE KEY" in pem and len(pem) > 1500)
        # A window that ends before anything the live log appends from now on.
        until_t = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=5)
        since, until = okta_time(until_t - datetime.timedelta(hours=24)), okta_time(until_t)

        print("SSWS (the SDK sends `SSWS<token>`):")
        ssws = full.ssws()
        await run_check("every user, as oktui users lists them", users_match_oktui(ssws, full))
        await run_check("groups and their members, as oktui groups", groups_and_members(ssws, full))
        await run_check("apps, as oktui apps", apps_match_oktui(ssws, full))
        await run_check("policies of every type and their rules", policies_by_type(ssws))
        await run_check("factors", factors_of_some_users(ssws))
        await run_check("a 24 h log window to its end, as oktui logs", log_window_matches_oktui(ssws, full, since, until))
        await run_check("a filtered log query", filtered_log_query(ssws, since, until))
        await run_check("suspend and unsuspend", suspend_and_unsuspend(ssws, token_owner=True))

        print("OAuth private_key_jwt with the printed RSA key:")
        oauth = full.private_key(READ_SCOPES)
        await run_check("every user, as oktui users lists them", users_match_oktui(oauth, full))
        await run_check("policies of every type and their rules", policies_by_type(oauth))
        await run_check("a filtered log query", filtered_log_query(oauth, since, until))

        print("DPoP-bound tokens (--require-dpop):")
        bound = dpop.private_key(["okta.users.read", "okta.users.manage"], dpop=True)
        await run_check("every user, as oktui users lists them", users_match_oktui(bound, dpop))
        await run_check("suspend and unsuspend", suspend_and_unsuspend(bound))

        print("Spurious 429s (--fault-429 0.2), backed off on X-Rate-Limit-Reset:")
        patient = flaky.ssws(max_retries=10)
        expected = len(flaky.oktui_json("users"))
        await run_check("the whole directory lists", listing_counts(patient, expected))
    finally:
        for sim in sims:
            sim.stop()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    asyncio.run(main(sys.argv[1]))
    print("%d/%d SDK checks hold" % (sum(results), len(results)))
    sys.exit(0 if results and all(results) else 1)
