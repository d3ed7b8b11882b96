"""A local twin of the Fly Machines API backed by the local Docker Engine (test support)."""

from fly_twin.server import TOKEN, Failure, FlyTwin, running_twin

__all__ = ["TOKEN", "Failure", "FlyTwin", "running_twin"]
