"""``okr user``: a fresh installation gets its first person, and people get tokens, from the console.

The command runs in a subprocess as a user would run it, against each test database.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from okrcoach.api import create_app
from okrcoach.cli.main import main

from .conftest import TODAY

PASSWORD = "一二三四五六七八九十"


def okr(database, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``okr ARGS --database-url URL`` with ``stdin`` as its input (no terminal attached)."""
    env = {k: v for k, v in os.environ.items() if k != "OKRCOACH_DATABASE_URL"}
    command = [sys.executable, "-m", "okrcoach.cli.main", *args, "--database-url", database.url]
    return subprocess.run(command, input=stdin or "", env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def okr_here(database, capsys, *args: str) -> tuple[int, str]:
    """The same command in this process (quicker, for the error cases): its exit status and stderr."""
    code = main([*args, "--database-url", database.url])
    return code, capsys.readouterr().err


@pytest.fixture
def client(settings, database):
    with TestClient(create_app(settings, database, clock=lambda: TODAY), raise_server_exceptions=False) as c:
        yield c


def test_the_first_person_on_a_fresh_database_gets_an_organisation_and_can_sign_in(database, client):
    r = okr(database, "user", "add", "--email", "Wang.Wu@Example.com", "--name", "王五", "--password-stdin",
            stdin=PASSWORD + "\n")
    assert r.returncode == 0, r.stderr
    assert "My organisation" in r.stdout and "admin" in r.stdout
    signed_in = client.post("/api/v1/auth/tokens", json={"email": "wang.wu@example.com", "password": PASSWORD,
                                                         "name": "laptop"})
    assert signed_in.status_code == 201
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {signed_in.json()['token']}"}).json()
    assert (me["handle"], me["name"], me["is_admin"]) == ("wang.wu", "王五", True)
    assert [(x["unit_key"], x["role"], x["is_primary"]) for x in me["memberships"]] == [
        ("company", "member", True)]


def test_a_token_asked_for_is_printed_once_and_works(database, client):
    r = okr(database, "user", "add", "--email", "li@example.com", "--name", "李四", "--handle", "lisi",
            "--token")
    assert r.returncode == 0, r.stderr
    assert "No password set" in r.stdout
    token = r.stdout.strip().splitlines()[-1].split()[-1]
    assert token.startswith("okr_")
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["handle"] == "lisi"


def test_a_person_joins_an_existing_unit_in_the_organisation(database, people, client):
    r = okr(database, "user", "add", "--email", "zhao@huakang.test", "--name", "赵六", "--unit", "qa-reg",
            "--role", "manager", "--token")
    assert r.returncode == 0, r.stderr
    assert "My organisation" not in r.stdout
    token = r.stdout.strip().splitlines()[-1].split()[-1]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["is_admin"] is False
    assert [(x["unit_key"], x["role"]) for x in me["memberships"]] == [("qa-reg", "manager")]
    listed = okr(database, "user", "list")
    assert listed.returncode == 0 and {line.split("\t")[0] for line in listed.stdout.splitlines()} == {
        "ada", "mei", "lin", "sam", "zhao"}


def test_a_short_password_is_refused_and_nothing_is_created(database, capsys):
    r = okr(database, "user", "add", "--email", "w@example.com", "--name", "王五", "--password-stdin",
            stdin="short\n")
    assert r.returncode == 2 and "at least 10 characters" in r.stderr and "(password)" in r.stderr
    assert okr_here(database, capsys, "user", "list")[0] == 2   # still no organisation


def test_bad_input_exits_2_with_a_message_naming_what_is_wrong(database, people, capsys):
    code, err = okr_here(database, capsys, "user", "add", "--email", "not-an-email", "--name", "王五")
    assert code == 2 and "(email)" in err
    code, err = okr_here(database, capsys, "user", "add", "--email", "w@example.com", "--name", "王五",
                         "--unit", "nope")
    assert code == 2 and "--unit nope" in err
    code, err = okr_here(database, capsys, "user", "add", "--email", "lin@huakang.test", "--name", "林二")
    assert code == 2 and "(email)" in err and "already used" in err
    code, err = okr_here(database, capsys, "user", "add", "--email", "w@example.com", "--name", "王五",
                         "--org", "elsewhere")
    assert code == 2 and "--org elsewhere" in err
    with pytest.raises(SystemExit) as exited:
        okr_here(database, capsys, "user", "add", "--email", "w@example.com", "--name", "王五",
                 "--role", "boss")
    assert exited.value.code == 2


def test_user_token_issues_a_token_for_an_existing_person(database, people, client, capsys):
    r = okr(database, "user", "token", "--email", "MEI@huakang.test")
    assert r.returncode == 0, r.stderr
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {r.stdout.strip()}"})
    assert me.json()["handle"] == "mei"
    code, err = okr_here(database, capsys, "user", "token", "--email", "nobody@huakang.test")
    assert code == 2 and "nobody has this email" in err


def test_user_password_resets_a_forgotten_password_and_signs_the_person_out(database, people, client, capsys):
    old_token = people.tokens["lin"]
    r = okr(database, "user", "password", "--email", "lin@huakang.test", "--password-stdin", stdin=PASSWORD + "\n")
    assert r.returncode == 0, r.stderr
    assert "1 API token(s) revoked" in r.stdout
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {old_token}"}).status_code == 401
    signed_in = client.post("/api/v1/auth/tokens", json={"email": "lin@huakang.test", "password": PASSWORD,
                                                         "name": "laptop"})
    assert signed_in.status_code == 201
    r = okr(database, "user", "password", "--email", "lin@huakang.test", "--password-stdin", stdin="short\n")
    assert r.returncode == 2 and "at least 10 characters" in r.stderr
    code, err = okr_here(database, capsys, "user", "password", "--email", "nobody@huakang.test")
    assert code == 2 and "no password given" in err
