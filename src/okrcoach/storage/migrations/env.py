"""Alembic environment: runs against the engine ``Database.alembic_config()`` hands over.

Stand-alone use (``alembic -x url=...``) is also supported for maintainers writing a new
revision: ``alembic -c src/okrcoach/storage/migrations/alembic.ini revision --autogenerate``.
"""
from alembic import context
from sqlalchemy import create_engine

from okrcoach.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
        engine = create_engine(url)
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
        context.run_migrations()


run()
