"""Pure-Python algorithms of nahwerk. Nothing in this package imports Django.

Frozen dataclasses go in, results come out, so that every algorithm can be tested and
benchmarked without a database.
"""
