"""The web app's routes, one module a part of the app; ``ROUTERS`` in the order they are mounted."""
from __future__ import annotations

from . import alignment_map, auth, editor, my_okrs, objective, transfer, units

ROUTERS = [auth.router, my_okrs.router, editor.router, objective.router, alignment_map.router, units.router,
           transfer.router]
