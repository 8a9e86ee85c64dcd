"""Benchmarks of the engine, each runnable as ``python -m nahwerk_engine.benchmarks.<name>``."""
