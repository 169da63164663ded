"""Every router of ``/api/v1``, in the order the OpenAPI document lists them."""
from . import (applications, audit, auth, certificates, check_ins, comments, cycles, findings, key_results,
               kr_calendars, meta, notifications, objectives, people, progress, reports, units)

ROUTERS = [meta.router, auth.router, people.router, units.router, cycles.router, objectives.router,
           key_results.router, check_ins.router, comments.router, findings.router, progress.router,
           certificates.router, applications.router, audit.router, kr_calendars.router,
           notifications.router, reports.router]
