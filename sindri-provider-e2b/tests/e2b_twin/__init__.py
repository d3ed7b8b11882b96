"""A local twin of E2B for the provider's tests: the REST API (checked against E2B's OpenAPI
contract) and envd (the Connect process service and the file API), with every sandbox a real
container on the local Docker Engine."""

from e2b_twin.server import E2BTwin, Fault

__all__ = ["E2BTwin", "Fault"]
