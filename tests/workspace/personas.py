"""A small company to test with, the same in every test (healthchecks' alice/bob/charlie, our way).

华康医疗 (Huakang Medical) in cycle 2026-Q4, active:

- Ada (ada): admin. Mei (mei): manager of 质量部 (QA). Lin (lin): member of 注册组 (the
  registration team inside QA). Sam (sam): member of 销售部 (Sales), an outsider to QA.
- Units: 华康医疗 (company, key ``hk``) → 质量部 (``qa``) → 注册组 (``qa-reg``); 华康医疗 → 销售部 (``sales``).

Everyone has an API token in ``tokens`` and the password ``correct horse 42``.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from okrcoach.services import tokens
from okrcoach.services.passwords import hash_password
from okrcoach.storage import models as m
from okrcoach.storage.db import Database

PASSWORD = "correct horse 42"


@dataclass
class Personas:
    org_id: int
    cycle_id: int
    units: dict[str, int] = field(default_factory=dict)     # key -> id
    ids: dict[str, int] = field(default_factory=dict)       # handle -> person id
    tokens: dict[str, str] = field(default_factory=dict)    # handle -> API token


def make_personas(database: Database) -> Personas:
    with database.session() as s:
        org = m.Organisation(name="华康医疗", slug="huakang")
        s.add(org)
        s.flush()
        cycle = m.Cycle(org_id=org.id, name="2026-Q4", kind="quarter", start_date=dt.date(2026, 10, 1),
                        end_date=dt.date(2026, 12, 31), state="active")
        s.add(cycle)
        company = _unit(s, org.id, None, "hk", "华康医疗", "company")
        qa = _unit(s, org.id, company, "qa", "质量部", "department")
        reg = _unit(s, org.id, qa, "qa-reg", "注册组", "team")
        sales = _unit(s, org.id, company, "sales", "销售部", "department")
        hashed = _password_hash()
        people = {
            "ada": ("Ada", company, "member", True),
            "mei": ("梅经理", qa, "manager", False),
            "lin": ("林工", reg, "member", False),
            "sam": ("Sam", sales, "member", False),
        }
        result = Personas(org_id=org.id, cycle_id=0)
        for handle, (name, unit, role, admin) in people.items():
            person = m.Person(org_id=org.id, handle=handle, name=name, email=f"{handle}@huakang.test",
                              password_hash=hashed, is_admin=admin)
            s.add(person)
            s.flush()
            s.add(m.Membership(person_id=person.id, unit_id=unit.id, role=role, is_primary=True))
            _, secret = tokens.issue(s, person=person, name="tests")
            result.ids[handle] = person.id
            result.tokens[handle] = secret
        s.flush()
        result.cycle_id = cycle.id
        result.units = {u.key: u.id for u in (company, qa, reg, sales)}
    return result


@functools.cache
def _password_hash() -> str:
    """Hashed once per process: argon2 is slow by design, and every test makes the personas afresh."""
    return hash_password(PASSWORD)


def _unit(s, org_id: int, parent: m.Unit | None, key: str, name: str, kind: str) -> m.Unit:
    unit = m.Unit(org_id=org_id, parent_id=parent.id if parent else None, key=key, name=name, kind=kind)
    s.add(unit)
    s.flush()
    unit.path = (parent.path if parent else "/") + f"{unit.id}/"
    s.flush()
    return unit
