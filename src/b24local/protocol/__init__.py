"""The wire: routing, parameters, auth, envelopes, errors and the method registry."""
