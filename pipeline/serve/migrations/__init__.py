"""Alembic migrations of the service's database (run by ``pipeline.serve.db.migrate``)."""
