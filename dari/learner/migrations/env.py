"""Alembic's environment, run programmatically by dari.learner.store.migrate: the caller hands
over an open connection (``config.attributes["connection"]``), so there is no alembic.ini and
no URL here."""

from alembic import context

from dari.learner.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
