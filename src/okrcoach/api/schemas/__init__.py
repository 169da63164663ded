"""Request and response bodies: ``XCreate`` (POST), ``XUpdate`` (PATCH, all optional), ``XPublic`` (out)."""
