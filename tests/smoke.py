#!/usr/bin/env python3
"""A scripted client against a running Guanxi server.

Signs up two companies, logs in, invites a salesperson who accepts, creates an
API key and checks that neither company sees the other. Uses only the
standard library. Usage: tests/smoke.py [BASE_URL] (default http://127.0.0.1:8080).
"""
import json
import re
import sys
import time
import urllib.request
import uuid

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
PASSWORD = "correct horse battery"


def gql(query, variables=None, token=None):
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    req = urllib.request.Request(BASE + "/graphql", data=body, headers={"content-type": "application/json"})
    if token:
        req.add_header("authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=30) as resp:
        out = json.load(resp)
    if out.get("errors"):
        raise SystemExit(f"GraphQL error for {query[:60]!r}: {out['errors']}")
    return out["data"]


def wait_ready():
    for _ in range(120):
        try:
            with urllib.request.urlopen(BASE + "/readyz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit("server did not become ready")


def company(slug):
    d = gql(
        "mutation($i: SignUpInput!) { signUp(input: $i) { token tenant { id slug } } }",
        {"i": {"companyName": f"{slug} 科技有限公司", "slug": slug, "adminEmail": f"boss@{slug}.cn",
               "adminName": "老板", "password": PASSWORD}},
    )["signUp"]
    admin = gql("mutation($i: LoginInput!) { login(input: $i) { token } }",
                {"i": {"slug": slug, "email": f"boss@{slug}.cn", "password": PASSWORD}})["login"]["token"]
    group = gql('mutation { createGroup(name: "销售一组") { id } }', token=admin)["createGroup"]["id"]
    gql("mutation($i: InviteUserInput!) { inviteUser(input: $i) { id } }",
        {"i": {"email": f"sales@{slug}.cn", "role": "SALESPERSON", "groupId": group}}, admin)
    mail = gql("{ mailOutbox { to body } }", token=admin)["mailOutbox"][0]
    invite = re.search(r"gxi_\S+", mail["body"]).group(0)
    sales = gql("mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { token user { role } } }",
                {"i": {"token": invite, "displayName": "业务员小张", "password": PASSWORD}})["acceptInvitation"]
    assert sales["user"]["role"] == "SALESPERSON"
    key = gql('mutation { createApiKey(input: {name: "ERP", scope: READ}) { secret } }', token=admin)
    key = key["createApiKey"]["secret"]
    me = gql("{ me { authMethod tenant { slug } } }", token=key)["me"]
    assert me == {"authMethod": "API_KEY", "tenant": {"slug": slug}}, me
    return {"admin": admin, "sales": sales["token"], "key": key, "tenant": d["tenant"]["id"]}


def main():
    wait_ready()
    suffix = uuid.uuid4().hex[:6]
    a, b = company("smoke-a" + suffix), company("smoke-b" + suffix)
    users_a = json.dumps(gql("{ users { id email } }", token=a["admin"]))
    assert b["tenant"] not in users_a and "smoke-b" not in users_a
    sales_view = gql("{ users { id } }", token=a["sales"])["users"]
    assert len(sales_view) == 1, sales_view
    print("smoke: 2 passed, 0 failed")


if __name__ == "__main__":
    main()
