"""Storage: SQLAlchemy tables, the engine, migrations and the audit trail. Knows nothing of HTTP."""
