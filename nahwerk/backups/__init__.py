"""Backups: one archive with the database, the uploaded files and a manifest; restoring it."""
