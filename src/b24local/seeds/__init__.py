"""Data put into a portal from outside the API: seed documents (``documents``) and bulk generation for
benchmarks and growth tests (``bulk``). Both write through the domain's own rules."""
