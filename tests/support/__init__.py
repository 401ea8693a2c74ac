"""Support for tests and benchmarks: local servers, free ports, clean environments.

Nothing here is product code; the product never imports it. Tests and the scripts under
``benchmarks/`` share it so a server is started, awaited and stopped one way.
"""
