"""The web app's routes, one module a part of the app; ``ROUTERS`` in the order they are mounted."""
from __future__ import annotations

from . import (admin, admin_cycles, admin_people, admin_units, alignment_map, applications, auth, editor, my_okrs,
               notifications, objective, qualifications, transfer, units)

ROUTERS = [auth.router, my_okrs.router, editor.router, objective.router, alignment_map.router, units.router,
           transfer.router, qualifications.router, applications.router, admin.router, admin_people.router,
           admin_units.router, admin_cycles.router, notifications.router]
