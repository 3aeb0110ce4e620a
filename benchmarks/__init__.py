"""The benchmark harness: ``python -m benchmarks [--quick] [--only SECTION] [--json PATH]``.

See ``benchmarks/README.md`` and the Performance page of the docs for the rows and targets.
"""
