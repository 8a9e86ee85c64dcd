"""Benchmarks that need the Django platform (the engine's own are in nahwerk_engine)."""
