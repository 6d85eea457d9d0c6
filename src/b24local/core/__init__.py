"""The ground floor: the error catalogue, the call context and the method registry.

Every other package imports from here; this package imports nothing else of b24local.
"""
