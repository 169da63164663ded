"""The issue's judgement for item 6, acted out: one session through the API as admin, manager and member.

Item 6: local accounts with argon2 password hashing; personal API tokens (hashed at rest,
revocable); roles admin, unit manager, member. Members edit their own OKRs and check-ins,
managers their unit's, admins everything; private objectives are invisible to those not allowed
(404, not 403). And: bad bodies give 422 with the field named.

The cast is the personas (``tests/workspace/personas.py``): Ada the admin, Mei who manages 质量部,
Lin a member of 注册组 inside it, and Sam from 销售部, the outsider. Once they exist, everything
happens over HTTP, as a client would do it. The story reads top to bottom; each table says which
rule its rows exercise. A failure names the step that went wrong.

Two checks run under every step of the tables: a refused request (any 4xx) must leave the audit
trail exactly as it was — nothing it touched was written — and no response Sam gets may contain
the words of what he is not allowed to see. Refused writes also carry the marker ``越权``
("overstepping") in their text, and at the end no objective, comment or unit shows it.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..personas import PASSWORD

BASE = "/api/v1"
OVERSTEP = "越权"             # written into every refused write: it must never be stored
CURRENT = "<current ETag>"    # an If-Match header filled with the resource's ETag just before sending
IF_MATCH = {"If-Match": CURRENT}

PRIVATE_TITLE = "个人成长：考取医疗器械注册审核员资格"
PRIVATE_KRS = ["完成 3 门注册法规课程", "通过审核员资格考试"]
UNIT_TITLE = "质量部：注册申报零退回"      # visible to 质量部's subtree only


class User:
    """One side of the conversation: every request carries this person's bearer token (or none)."""

    def __init__(self, client, token: str | None = None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method: str, url: str, json=None, headers: dict | None = None, params=None):
        return self.client.request(method, BASE + url, json=json, params=params,
                                   headers={**self.headers, **(headers or {})})

    def get(self, url: str, **params):
        return self.request("GET", url, params=params or None)

    def post(self, url: str, json=None, headers: dict | None = None):
        return self.request("POST", url, json=json, headers=headers)


def expect(step: str, r, status: int, field: str | None = None):
    """The response has this status (and, for an error, the one error shape naming ``field``)."""
    assert r.status_code == status, f"{step}: expected {status}, got {r.status_code}: {r.text[:600]}"
    if status >= 400:
        error = r.json()["error"]
        assert error["status"] == status, f"{step}: the error says status {error['status']}: {error}"
        if field is not None:
            assert error["field"] == field, f"{step}: expected the error to name {field!r}: {error}"
        return error
    return r.json() if r.content else None


@dataclass(frozen=True)
class Step:
    who: str
    does: str                 # what the step is, in words; a failure names it
    method: str
    url: str
    status: int
    json: dict | None = None
    headers: dict | None = None
    field: str | None = None  # for a 422: the field the error must name


class Story:
    """The users, and the runner of the tables with the checks every step gets."""

    def __init__(self, users: dict[str, User], hidden_from_sam: list[str]):
        self.users, self.hidden_from_sam = users, hidden_from_sam

    def audit_total(self) -> int:
        return expect("ada counts the audit trail", self.users["ada"].get("/audit", per_page=1), 200)["total"]

    def etag(self, url: str) -> str:
        r = self.users["ada"].get(url)
        assert r.status_code == 200, f"ada reads {url} for its ETag: {r.text}"
        return r.headers["ETag"]

    def send(self, who: str, method: str, url: str, json=None, headers: dict | None = None, params=None,
             step: str = ""):
        headers = {k: self.etag(url) if v == CURRENT else v for k, v in (headers or {}).items()}
        r = self.users[who].request(method, url, json=json, headers=headers, params=params)
        if who == "sam":
            leaked = [words for words in self.hidden_from_sam if words in r.text]
            assert not leaked, f"sam: {step or url}: the response shows {leaked}: {r.text[:600]}"
        return r

    def run(self, steps: list[Step]) -> None:
        written = self.audit_total()
        for s in steps:
            step = f"{s.who} {s.does} ({s.method} {s.url})"
            r = self.send(s.who, s.method, s.url, json=s.json, headers=s.headers, step=step)
            expect(step, r, s.status, s.field)
            now = self.audit_total()
            if s.status >= 400:
                assert now == written, f"{step}: refused ({s.status}) but wrote {now - written} audit events"
            written = now


def tree_ids(nodes: list[dict]):
    for node in nodes:
        yield node["id"]
        yield from tree_ids(node["children"])


def test_a_scripted_session_as_admin_manager_and_member_gets_every_rule_of_item_6_right(api, people):
    client = api.client
    anonymous = User(client)
    ada, lin, sam = (User(client, people.tokens[h]) for h in ("ada", "lin", "sam"))
    cycle, units = people.cycle_id, people.units

    # === Act 1: accounts and tokens =============================================================

    # Rule: local accounts with argon2 password hashing — Mei signs in with her email and password
    # (the argon2 verification path) and gets a personal API token, shown this once.
    signed_in = expect("mei signs in with email and password", anonymous.post("/auth/tokens", json={
        "email": "mei@huakang.test", "password": PASSWORD, "name": "脚本会话"}), 201)
    assert signed_in["token"].startswith("okr_") and signed_in["token"].startswith(signed_in["prefix"])
    mei = User(client, signed_in["token"])
    assert expect("mei asks who she is with her new token", mei.get("/me"), 200)["handle"] == "mei"

    # Rule: a wrong password (or an unknown email) gets 401, the same answer for both.
    wrong = expect("sam signs in with a wrong password", anonymous.post("/auth/tokens", json={
        "email": "sam@huakang.test", "password": PASSWORD + "?", "name": "猜"}), 401)
    unknown = expect("someone signs in with an unknown email", anonymous.post("/auth/tokens", json={
        "email": "nobody@huakang.test", "password": PASSWORD, "name": "猜"}), 401)
    assert wrong == unknown and wrong["code"] == "not_authenticated"
    expect("someone without a token lists objectives", anonymous.get("/objectives"), 401)

    # Rule: tokens are hashed at rest — listed by name and prefix, the secret never shown again,
    # not even in the audit trail of its creation.
    tokens = expect("mei lists her tokens", mei.get("/me/tokens"), 200)
    assert signed_in["id"] in [t["id"] for t in tokens] and all("token" not in t for t in tokens)
    trail = ada.get("/audit", entity="api_tokens", entity_id=signed_in["id"])
    assert expect("ada reads the token's audit trail", trail, 200)["total"] == 1
    assert signed_in["token"] not in trail.text and "token_hash" not in trail.text

    # === Act 2: the cycle's OKRs are set ========================================================

    def create(who: User, name: str, **body) -> dict:
        return expect(f"{name} creates an objective: {body['title']}", who.post("/objectives", json={
            "cycle_id": cycle, **body}), 201)

    company = create(ada, "ada", level="company", unit_id=units["hk"], title="2026 年四季度：三款新品按期上市",
                     key_results=[{"title": "三款新品取得注册证", "start": 0, "target": 3, "unit": "款",
                                   "due": "2026-12-20"}])
    qa = create(ada, "ada", level="department", unit_id=units["qa"], visibility="unit", title=UNIT_TITLE,
                key_results=[{"title": "注册资料退回次数从 6 次降到 0 次", "start": 6, "target": 0, "unit": "次"}],
                aligns_to=[{"objective_id": company["id"]}])
    assert (qa["owner_id"], qa["unit_id"]) == (None, units["qa"])
    pub = create(lin, "lin", level="personal", title="让注册申报又快又稳", aligns_to=[{"objective_id": qa["id"]}],
                 key_results=[{"title": "申报一次通过率从 60% 提升到 90%", "kind": "percentage", "start": 60,
                               "target": 90},
                              {"title": "完成 12 家医院的注册申报", "target": 12, "unit": "家"},
                              {"title": "建立申报资料模板库", "kind": "milestone"}])
    assert (pub["owner_id"], pub["unit_id"], pub["status"]) == (people.ids["lin"], units["qa-reg"], "draft")
    priv = create(lin, "lin", level="personal", visibility="private", title=PRIVATE_TITLE,
                  key_results=[{"title": PRIVATE_KRS[0], "target": 3, "unit": "门"},
                               {"title": PRIVATE_KRS[1], "kind": "milestone"}])
    sams = create(sam, "sam", level="personal", title="华东区销售额增长 30%",
                  key_results=[{"title": "华东区季度销售额从 2000 万到 2600 万", "start": 2000, "target": 2600,
                                "unit": "万元"}])
    scratch = create(lin, "lin", level="personal", title="草稿：整理注册档案",
                     key_results=[{"title": "归档 200 份注册档案", "target": 200, "unit": "份"}])

    made = {"company": company, "qa": qa, "pub": pub, "priv": priv, "sams": sams, "scratch": scratch}
    O = {name: f"/objectives/{o['id']}" for name, o in made.items()}
    T = {name: f"{url}/transitions" for name, url in O.items()}
    pub_kr, priv_kr, sams_kr = ([f"/key-results/{k['id']}" for k in o["key_results"]]
                                for o in (pub, priv, sams))
    submit, approve = {"to": "in_review"}, {"to": "active"}
    everyone = ("ada", "mei", "lin", "sam")
    story = Story({"ada": ada, "mei": mei, "lin": lin, "sam": sam},
                  hidden_from_sam=[PRIVATE_TITLE, *PRIVATE_KRS, UNIT_TITLE])

    # === Act 3: the sweep — every actor against every kind of read and write ===================

    story.run([
        # Rule: private objectives are read by their owner, the managers above and admins; for anyone
        # else they do not exist (404, not 403). A unit objective is read in its unit's subtree only.
        *[Step(who, "reads Lin's public objective", "GET", O["pub"], 200) for who in everyone],
        *[Step(who, "reads the company objective", "GET", O["company"], 200) for who in everyone],
        *[Step(who, "reads Lin's private objective", "GET", O["priv"], 200) for who in ("ada", "mei", "lin")],
        Step("sam", "reads Lin's private objective", "GET", O["priv"], 404),
        Step("sam", "reads a private key result", "GET", priv_kr[0], 404),
        Step("sam", "lists a private key result's check-ins", "GET", f"{priv_kr[0]}/check-ins", 404),
        Step("sam", "reads the private objective's history", "GET", f"{O['priv']}/history", 404),
        Step("mei", "reads the private objective's history", "GET", f"{O['priv']}/history", 200),
        Step("sam", "reads the private objective's comments", "GET", f"{O['priv']}/comments", 404),
        Step("lin", "reads 质量部's unit objective from her team below it", "GET", O["qa"], 200),
        Step("sam", "reads 质量部's unit objective from 销售部", "GET", O["qa"], 404),

        # Rule: members edit their own OKRs; managers their unit's (and the units below); admins
        # everything. Readable but not writable is 403; unreadable stays 404.
        Step("lin", "renames her own objective", "PATCH", O["pub"], 200,
             {"title": "让注册申报又快又稳，支撑新品上市"}, IF_MATCH),
        Step("mei", "describes her team member's objective", "PATCH", O["pub"], 200,
             {"description": "梅经理补充：优先保障三款新品"}, IF_MATCH),
        Step("ada", "edits a member's objective", "PATCH", O["pub"], 200,
             {"description": "Ada：与公司目标对齐"}, IF_MATCH),
        Step("sam", "edits Lin's public objective", "PATCH", O["pub"], 403, {"title": f"{OVERSTEP}：Sam"},
             IF_MATCH),
        Step("sam", "edits Lin's private objective", "PATCH", O["priv"], 404, {"title": f"{OVERSTEP}：Sam"},
             IF_MATCH),
        Step("sam", "edits Lin's private objective without a version", "PATCH", O["priv"], 404,
             {"title": f"{OVERSTEP}：Sam"}),   # 404 before 428: asking for a version would admit it exists
        Step("lin", "edits her private objective", "PATCH", O["priv"], 200, {"description": "下班后学习"},
             IF_MATCH),
        Step("mei", "edits the private objective of her team member", "PATCH", O["priv"], 200,
             {"description": "梅经理：公司报销考试费"}, IF_MATCH),
        Step("ada", "edits a private objective", "PATCH", O["priv"], 200,
             {"description": "Ada：考试费已批"}, IF_MATCH),
        Step("lin", "edits 质量部's objective", "PATCH", O["qa"], 403, {"title": f"{OVERSTEP}：Lin"}, IF_MATCH),
        Step("mei", "edits her unit's objective", "PATCH", O["qa"], 200,
             {"description": "每份资料提交前双人复核"}, IF_MATCH),
        Step("sam", "edits 质量部's unit objective", "PATCH", O["qa"], 404, {"title": f"{OVERSTEP}：Sam"},
             IF_MATCH),
        Step("mei", "edits the company objective", "PATCH", O["company"], 403, {"title": f"{OVERSTEP}：Mei"},
             IF_MATCH),
        Step("lin", "edits the company objective", "PATCH", O["company"], 403, {"title": f"{OVERSTEP}：Lin"},
             IF_MATCH),
        Step("mei", "edits Sam's objective in 销售部", "PATCH", O["sams"], 403, {"title": f"{OVERSTEP}：Mei"},
             IF_MATCH),
        Step("lin", "edits Sam's objective", "PATCH", O["sams"], 403, {"title": f"{OVERSTEP}：Lin"}, IF_MATCH),
        Step("ada", "edits the company objective", "PATCH", O["company"], 200,
             {"description": "董事会批准"}, IF_MATCH),

        # Key results follow their objective: add, change, remove.
        Step("lin", "adds a KR to her objective", "POST", f"{O['pub']}/key-results", 201,
             {"title": "注册申报平均周期从 90 天缩短到 60 天", "start": 90, "target": 60, "unit": "天"}),
        Step("sam", "adds a KR to Lin's objective", "POST", f"{O['pub']}/key-results", 403,
             {"title": f"{OVERSTEP}：Sam 的 KR", "target": 1}),
        Step("sam", "adds a KR to Lin's private objective", "POST", f"{O['priv']}/key-results", 404,
             {"title": f"{OVERSTEP}：Sam 的 KR", "target": 1}),
        Step("mei", "adds a KR to her team member's private objective", "POST", f"{O['priv']}/key-results",
             201, {"title": "参加一次审评中心培训", "kind": "milestone"}),
        Step("lin", "raises the target of her KR", "PATCH", pub_kr[1], 200, {"target": 14}, IF_MATCH),
        Step("mei", "raises it again", "PATCH", pub_kr[1], 200, {"target": 15}, IF_MATCH),
        Step("sam", "changes Lin's KR", "PATCH", pub_kr[1], 403, {"title": f"{OVERSTEP}：Sam", "target": 1},
             IF_MATCH),
        Step("sam", "changes a KR of Lin's private objective", "PATCH", priv_kr[0], 404,
             {"title": f"{OVERSTEP}：Sam"}, IF_MATCH),
        Step("sam", "changes a private KR without a version", "PATCH", priv_kr[0], 404,
             {"title": f"{OVERSTEP}：Sam"}),
        Step("lin", "changes Sam's KR", "PATCH", sams_kr[0], 403, {"title": f"{OVERSTEP}：Lin"}, IF_MATCH),
        Step("sam", "removes Lin's KR", "DELETE", pub_kr[2], 403),
        Step("sam", "removes a KR of Lin's private objective", "DELETE", priv_kr[1], 404),
        Step("lin", "removes a KR of her own", "DELETE", pub_kr[2], 204),
        Step("lin", "reads the KR she removed", "GET", pub_kr[2], 404),

        # Alignment is the child's writer's statement; the parent only has to be readable.
        Step("mei", "aligns her team member's objective to the company's", "POST", f"{O['pub']}/alignments",
             201, {"objective_id": company["id"]}),
        Step("lin", "aligns her objective under the company's KR too", "POST", f"{O['pub']}/alignments", 201,
             {"key_result_id": company["key_results"][0]["id"]}),
        Step("sam", "aligns Lin's objective", "POST", f"{O['pub']}/alignments", 403,
             {"objective_id": sams["id"]}),
        Step("sam", "aligns his objective to Lin's private one", "POST", f"{O['sams']}/alignments", 404,
             {"objective_id": priv["id"]}),
        Step("sam", "aligns his objective under a private KR", "POST", f"{O['sams']}/alignments", 404,
             {"key_result_id": priv["key_results"][0]["id"]}),
        Step("sam", "aligns his objective to 质量部's unit objective", "POST", f"{O['sams']}/alignments", 404,
             {"objective_id": qa["id"]}),
        Step("sam", "aligns his objective to the company's", "POST", f"{O['sams']}/alignments", 201,
             {"objective_id": company["id"]}),

        # Submitting for review is the writer's act.
        Step("sam", "submits Lin's objective", "POST", T["pub"], 403, submit),
        Step("sam", "submits Lin's private objective", "POST", T["priv"], 404, submit),
        Step("lin", "submits her objective", "POST", T["pub"], 200, submit),
        Step("lin", "submits her private objective", "POST", T["priv"], 200, submit),
        Step("mei", "submits her unit's objective", "POST", T["qa"], 200, submit),
        Step("ada", "submits the company objective", "POST", T["company"], 200, submit),
        Step("sam", "submits his objective", "POST", T["sams"], 200, submit),

        # Approving is a manager's above the objective (never its owner's) or an admin's.
        Step("lin", "approves her own objective", "POST", T["pub"], 403, approve),
        Step("sam", "approves Lin's objective", "POST", T["pub"], 403, approve),
        Step("sam", "approves Lin's private objective", "POST", T["priv"], 404, approve),
        Step("mei", "approves her team member's objective", "POST", T["pub"], 200,
             {**approve, "note": "目标清晰，同意"}),
        Step("mei", "approves her team member's private objective", "POST", T["priv"], 200, approve),
        Step("mei", "approves an objective in 销售部", "POST", T["sams"], 403, approve),
        Step("mei", "approves the company objective", "POST", T["company"], 403, approve),
        *[Step("ada", f"approves objective '{name}'", "POST", T[name], 200, approve)
          for name in ("sams", "company", "qa")],

        # Rule: members check in on their own KRs, managers on their unit's, admins on any.
        # A check-in sent again with the same Idempotency-Key is a retry: 200, stored once.
        Step("lin", "checks in on her KR", "POST", f"{pub_kr[0]}/check-ins", 201,
             {"value": 70, "confidence": 0.7, "note": "第一批资料已受理"}, {"Idempotency-Key": "lin-2026-11-16"}),
        Step("lin", "retries the same check-in", "POST", f"{pub_kr[0]}/check-ins", 200,
             {"value": 70, "confidence": 0.7, "note": "第一批资料已受理"}, {"Idempotency-Key": "lin-2026-11-16"}),
        Step("sam", "checks in on Lin's KR", "POST", f"{pub_kr[0]}/check-ins", 403,
             {"value": 90, "note": OVERSTEP}),
        Step("sam", "checks in on Lin's private KR", "POST", f"{priv_kr[0]}/check-ins", 404,
             {"value": 3, "note": OVERSTEP}),
        Step("mei", "checks in on her team member's KR", "POST", f"{pub_kr[1]}/check-ins", 201,
             {"value": 5, "confidence": 0.6}),
        Step("lin", "checks in on her private KR", "POST", f"{priv_kr[0]}/check-ins", 201, {"value": 1}),
        Step("lin", "checks in on Sam's KR", "POST", f"{sams_kr[0]}/check-ins", 403,
             {"value": 2600, "note": OVERSTEP}),
        Step("sam", "checks in on his own KR", "POST", f"{sams_kr[0]}/check-ins", 201, {"value": 2200}),
        Step("ada", "checks in on Sam's KR", "POST", f"{sams_kr[0]}/check-ins", 201, {"confidence": 0.5}),

        # Comments: reading an objective is all a comment needs; a hidden one cannot be commented on.
        Step("sam", "comments on Lin's public objective", "POST", f"{O['pub']}/comments", 201,
             {"body": "销售部很期待新品，需要我们提供医院名单吗？"}),
        Step("sam", "comments on Lin's private objective", "POST", f"{O['priv']}/comments", 404,
             {"body": OVERSTEP}),
        Step("lin", "comments on her private objective", "POST", f"{O['priv']}/comments", 201,
             {"body": "第一门课程已完成"}),
        Step("mei", "reads the private objective's comments", "GET", f"{O['priv']}/comments", 200),

        # Scoring is a write like any other.
        Step("sam", "scores Lin's objective", "POST", f"{O['pub']}/score", 403,
             {"key_results": [{"id": pub["key_results"][0]["id"], "score": 0.1}], "reflection": OVERSTEP}),
        Step("sam", "scores Lin's private objective", "POST", f"{O['priv']}/score", 404,
             {"key_results": [{"id": priv["key_results"][0]["id"], "score": 0.1}], "reflection": OVERSTEP}),
        Step("lin", "scores her objective", "POST", f"{O['pub']}/score", 200,
             {"key_results": [{"id": pub["key_results"][0]["id"], "score": 0.7}], "reflection": "节奏达标"}),
        Step("mei", "scores her team member's private objective", "POST", f"{O['priv']}/score", 200,
             {"key_results": [{"id": priv["key_results"][1]["id"], "score": 1.0}]}),

        # Deleting: the writers' again (and only drafts).
        Step("sam", "deletes Lin's draft", "DELETE", O["scratch"], 403),
        Step("sam", "deletes Lin's private objective", "DELETE", O["priv"], 404),
        Step("lin", "deletes her active objective", "DELETE", O["pub"], 409),
        Step("mei", "deletes her team member's draft", "DELETE", O["scratch"], 204),
        Step("lin", "reads the deleted draft", "GET", O["scratch"], 404),

        # Units: managers add sub-units and members under their units; admins anywhere. Managers are
        # appointed from above, so Mei cannot make anyone a manager of 质量部 itself.
        Step("mei", "adds a team under 质量部", "POST", "/units", 201,
             {"parent_id": units["qa"], "key": "qa-audit", "name": "审核组", "kind": "team"}),
        Step("mei", "adds a team under 销售部", "POST", "/units", 403,
             {"parent_id": units["sales"], "key": "overstep-1", "name": OVERSTEP, "kind": "team"}),
        Step("lin", "adds a team under her own team", "POST", "/units", 403,
             {"parent_id": units["qa-reg"], "key": "overstep-2", "name": OVERSTEP, "kind": "team"}),
        Step("sam", "adds a team under 销售部", "POST", "/units", 403,
             {"parent_id": units["sales"], "key": "overstep-3", "name": OVERSTEP, "kind": "team"}),
        Step("ada", "adds a team under 销售部", "POST", "/units", 201,
             {"parent_id": units["sales"], "key": "sales-east", "name": "华东销售组", "kind": "team"}),
        Step("mei", "adds Lin to 质量部 as a member", "PUT", f"/units/{units['qa']}/members/{people.ids['lin']}",
             201, {"role": "member"}),
        Step("mei", "makes Lin a manager of 质量部", "PUT", f"/units/{units['qa']}/members/{people.ids['lin']}",
             403, {"role": "manager"}, field="role"),
        Step("mei", "adds Lin to 销售部", "PUT", f"/units/{units['sales']}/members/{people.ids['lin']}", 403,
             {"role": "member"}),
        Step("lin", "adds Sam to her team", "PUT", f"/units/{units['qa-reg']}/members/{people.ids['sam']}",
             403, {"role": "member"}),
        Step("sam", "makes himself a manager of 销售部", "PUT",
             f"/units/{units['sales']}/members/{people.ids['sam']}", 403, {"role": "manager"}),
        Step("ada", "adds Mei to 销售部", "PUT", f"/units/{units['sales']}/members/{people.ids['mei']}", 201,
             {"role": "member", "is_primary": False}),

        # Cycles are the admins' — and a refused manager learns nothing (403, not 409 "name taken").
        *[Step(who, "creates the next cycle", "POST", "/cycles", 403, {"name": "2027-Q2", "kind": "quarter"})
          for who in ("mei", "lin", "sam")],
        Step("ada", "creates the next cycle", "POST", "/cycles", 201, {"name": "2027-Q1", "kind": "quarter"}),
        Step("mei", "creates a cycle with the name just taken", "POST", "/cycles", 403,
             {"name": "2027-Q1", "kind": "quarter"}),

        # The audit trail is the admins'.
        Step("ada", "reads the audit trail", "GET", "/audit", 200),
        *[Step(who, "reads the audit trail", "GET", "/audit", 403) for who in ("mei", "lin", "sam")],
    ])

    # === Act 4: what Sam cannot see is in no list, count or view ================================

    def listed(who: str, url: str, **params) -> dict:
        r = story.send(who, "GET", url, params={"per_page": 200, **params})
        return expect(f"{who} reads {url} {params or ''}", r, 200)

    hidden = {priv["id"], qa["id"]}
    page = listed("sam", "/objectives")
    assert {o["id"] for o in page["items"]} == {company["id"], pub["id"], sams["id"]}, page
    assert page["total"] == 3
    assert listed("sam", "/objectives", visibility="private")["total"] == 0
    assert listed("sam", "/objectives", q="审核员")["total"] == 0
    assert hidden <= {o["id"] for o in listed("mei", "/objectives")["items"]}

    assert hidden.isdisjoint(tree_ids(listed("sam", "/tree")["roots"]))
    assert hidden <= set(tree_ids(listed("mei", "/tree")["roots"]))
    expect("sam asks for the private objective's subtree",
           story.send("sam", "GET", "/tree", params={"root_id": priv["id"]}), 404)
    sams_view = listed("sam", O["pub"])
    assert [(p["objective_id"], p["key_result_id"]) for p in sams_view["parents"]] == [   # not 质量部's
        (company["id"], None), (company["id"], company["key_results"][0]["id"])]
    assert {c["id"] for c in listed("sam", O["company"])["children"]} == {pub["id"], sams["id"]}   # not 质量部's

    links = [e for e in listed("sam", f"{O['pub']}/history")["items"] if e["entity"] == "alignments"]
    assert len(links) == 3 and qa["id"] not in [e["after"]["parent_objective_id"] for e in links], links

    findings_for_mei = {f["objective_id"] for f in listed("mei", "/findings")["items"]}
    assert priv["id"] in findings_for_mei, "the private objective needs a finding for this check to bite"
    assert priv["id"] not in {f["objective_id"] for f in listed("sam", "/findings")["items"]}

    for unit in ("sales", "hk", "qa-reg"):
        board = listed("sam", f"/units/{units[unit]}/dashboard")
        assert hidden.isdisjoint(o["id"] for o in board["objectives"]), unit
    company_for_sam = listed("sam", f"/units/{units['hk']}/dashboard")
    company_for_ada = listed("ada", f"/units/{units['hk']}/dashboard")
    assert company_for_ada["objectives_count"] - company_for_sam["objectives_count"] == 2
    lin_row = {who: next(m for m in listed(who, f"/units/{units['qa-reg']}/dashboard")["members"]
                         if m["person_id"] == people.ids["lin"]) for who in ("sam", "ada")}
    assert (lin_row["sam"]["objectives"], lin_row["ada"]["objectives"]) == (1, 2)

    # Rule: a comment is deleted by its author or an admin; on a hidden objective it does not exist.
    lins_note = listed("mei", f"{O['priv']}/comments")["items"][0]["id"]
    sams_question = next(c["id"] for c in listed("lin", f"{O['pub']}/comments")["items"]
                         if c["author_id"] == people.ids["sam"])
    story.run([
        Step("sam", "deletes Lin's comment on her private objective", "DELETE", f"/comments/{lins_note}",
             404),
        Step("mei", "deletes Lin's comment", "DELETE", f"/comments/{lins_note}", 403),
        Step("lin", "deletes Sam's comment on her objective", "DELETE", f"/comments/{sams_question}", 403),
        Step("sam", "deletes his own comment", "DELETE", f"/comments/{sams_question}", 204),
    ])

    # === Act 5: the retry was counted once; refused writes changed nothing ======================

    def total(who: str, url: str) -> int:
        return listed(who, url)["total"]

    assert total("lin", f"{pub_kr[0]}/check-ins") == 1          # Lin's, sent twice, stored once
    assert total("lin", f"{pub_kr[1]}/check-ins") == 1          # Mei's
    assert total("lin", f"{priv_kr[0]}/check-ins") == 1         # Lin's; Sam's refused
    assert total("sam", f"{sams_kr[0]}/check-ins") == 2         # Sam's and Ada's; Lin's refused
    assert total("lin", f"{O['pub']}/comments") == 1            # Mei's approval note (Sam deleted his)
    assert total("lin", f"{O['priv']}/comments") == 1           # Lin's, which Sam and Mei could not delete

    details = {name: listed("ada", url) for name, url in O.items() if name != "scratch"}
    for name, detail in details.items():
        assert OVERSTEP not in str(detail), f"{name} shows a refused write: {detail}"
    assert details["pub"]["title"] == "让注册申报又快又稳，支撑新品上市"
    assert details["pub"]["description"] == "Ada：与公司目标对齐"
    assert [k["title"] for k in details["pub"]["key_results"]] == [
        "申报一次通过率从 60% 提升到 90%", "完成 12 家医院的注册申报", "注册申报平均周期从 90 天缩短到 60 天"]
    assert details["pub"]["key_results"][1]["target"] == 15
    assert details["pub"]["key_results"][0]["score"] == 0.7 and details["pub"]["reflection"] == "节奏达标"
    assert details["pub"]["key_results"][0]["current"] == 70
    assert details["priv"]["title"] == PRIVATE_TITLE and details["priv"]["description"] == "Ada：考试费已批"
    assert len(details["priv"]["key_results"]) == 3 and details["priv"]["key_results"][0]["current"] == 1
    assert details["qa"]["title"] == UNIT_TITLE and details["company"]["description"] == "董事会批准"
    assert details["sams"]["title"] == "华东区销售额增长 30%"
    assert details["sams"]["key_results"][0]["current"] == 2200
    assert [p["objective_id"] for p in details["sams"]["parents"]] == [company["id"]]
    for name in ("pub", "priv"):
        comments = listed("ada", f"{O[name]}/comments")
        assert OVERSTEP not in str(comments), comments
    unit_keys = {u["key"] for u in listed("ada", "/units")["items"]}
    assert unit_keys == {"hk", "qa", "qa-reg", "sales", "qa-audit", "sales-east"}, unit_keys
    assert [c["name"] for c in listed("ada", "/cycles")["items"]] == ["2027-Q1", "2026-Q4"]
    lin_account = listed("ada", f"/people/{people.ids['lin']}")
    lin_units = {(x["unit_key"], x["role"]) for x in lin_account["memberships"]}
    assert lin_units == {("qa-reg", "member"), ("qa", "member")}

    # === Act 6: a token is revocable, and works no more once revoked ============================

    mine = signed_in["id"]
    expect("sam revokes Mei's token", story.send("sam", "DELETE", f"/me/tokens/{mine}"), 404)
    expect("mei still uses her token after Sam's attempt", mei.get("/me"), 200)
    expect("mei revokes the token she signed in for", mei.request("DELETE", f"/me/tokens/{mine}"), 204)
    refused = expect("mei uses the revoked token", mei.get("/me"), 401)
    assert refused["code"] == "not_authenticated"
    expect("mei reads an objective with the revoked token", mei.get(O["pub"]), 401)
    other = User(client, people.tokens["mei"])
    still = expect("mei lists her tokens with another one", other.get("/me/tokens"), 200)
    assert mine not in [t["id"] for t in still]

    # === Act 7: bad bodies give 422 naming the field, and are not stored ========================

    story.users["mei"] = other   # her revoked session token is done with
    new = {"cycle_id": cycle, "level": "personal", "title": f"{OVERSTEP}：坏请求"}
    story.run([
        Step("lin", "creates an objective without a title", "POST", "/objectives", 422,
             {"cycle_id": cycle, "level": "personal"}, field="title"),
        Step("lin", "creates an objective with an empty title", "POST", "/objectives", 422,
             {**new, "title": "   "}, field="title"),
        Step("lin", "creates an objective at a level that does not exist", "POST", "/objectives", 422,
             {**new, "level": "galaxy"}, field="level"),
        Step("lin", "creates an objective with a cycle id in words", "POST", "/objectives", 422,
             {**new, "cycle_id": "第四季度"}, field="cycle_id"),
        Step("lin", "creates an objective whose KR target is not a number", "POST", "/objectives", 422,
             {**new, "key_results": [{"title": OVERSTEP, "target": "十二"}]}, field="key_results.0.target"),
        Step("lin", "adds a KR with a negative weight", "POST", f"{O['pub']}/key-results", 422,
             {"title": OVERSTEP, "target": 5, "weight": -1}, field="weight"),
        Step("lin", "checks in with confidence 1.5", "POST", f"{pub_kr[0]}/check-ins", 422,
             {"value": 80, "confidence": 1.5, "note": OVERSTEP}, field="confidence"),
        Step("lin", "edits her objective with an unknown field", "PATCH", O["pub"], 422,
             {"title": OVERSTEP, "colour": "红色"}, IF_MATCH, field="colour"),
        Step("lin", "sets a KR's due date to no date", "PATCH", pub_kr[1], 422,
             {"due": "2026-02-30"}, IF_MATCH, field="due"),
        Step("lin", "edits a KR's current value instead of checking in", "PATCH", pub_kr[1], 422,
             {"current": 15}, IF_MATCH, field="current"),
        Step("lin", "scores a KR 1.5", "POST", f"{O['pub']}/score", 422,
             {"key_results": [{"id": pub["key_results"][0]["id"], "score": 1.5}]},
             field="key_results.0.score"),
        Step("lin", "posts an empty comment", "POST", f"{O['pub']}/comments", 422, {"body": ""},
             field="body"),
        Step("ada", "creates a custom cycle starting on 30 February", "POST", "/cycles", 422,
             {"name": OVERSTEP, "kind": "custom", "start_date": "2027-02-30", "end_date": "2027-04-30"},
             field="start_date"),
        Step("ada", "creates a cycle of a kind that does not exist", "POST", "/cycles", 422,
             {"name": OVERSTEP, "kind": "fortnight"}, field="kind"),
        Step("mei", "adds a unit of a kind that does not exist", "POST", "/units", 422,
             {"parent_id": units["qa"], "key": "overstep-4", "name": OVERSTEP, "kind": "division"},
             field="kind"),
        Step("mei", "gives a member a role that does not exist", "PUT",
             f"/units/{units['qa-reg']}/members/{people.ids['lin']}", 422, {"role": "boss"}, field="role"),
        Step("lin", "asks for a token without an email", "POST", "/auth/tokens", 422,
             {"password": PASSWORD, "name": OVERSTEP}, field="email"),
    ])
    after = {name: listed("ada", url) for name, url in O.items() if name != "scratch"}
    assert after == details, "a refused bad body changed an objective"
    assert total("lin", f"{pub_kr[0]}/check-ins") == 1 and total("lin", f"{O['pub']}/comments") == 1
    assert OVERSTEP not in str(listed("ada", "/objectives")) + str(listed("ada", "/cycles")) + \
        str(listed("ada", "/units"))
