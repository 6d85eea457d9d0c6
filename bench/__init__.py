"""Benchmark harness for b24local (run by hand: ``python -m bench``)."""
