"""One interface over where images and instances live: the local engine or a cloud's CLI.

The lifecycle asks a :class:`Backend` for the environment's images and its instance and tells
it to launch or remove them; :class:`DockerBackend` and :class:`CloudBackend` answer.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from sindri.models import State
from sindri.provider.ownership import LABEL_HASH
from sindri_provider_packer import docker_target as dt
from sindri_provider_packer.cloud_cli import CloudImage, CloudInstance, cloud_of
from sindri_provider_packer.clouds import Target

_DOCKER_STATES = {
    "running": State.RUNNING,
    "created": State.CREATING,
    "restarting": State.CREATING,
    "paused": State.PAUSED,
    "exited": State.STOPPED,
    "dead": State.ERROR,
}
_CLOUD_STATES = {
    "running": State.RUNNING,
    "pending": State.CREATING,
    "stopping": State.STOPPED,
    "stopped": State.STOPPED,
    "VM running": State.RUNNING,
    "VM stopped": State.STOPPED,
    "VM deallocated": State.STOPPED,
    "RUNNING": State.RUNNING,
    "PROVISIONING": State.CREATING,
    "STAGING": State.CREATING,
    "STOPPED": State.STOPPED,
    "TERMINATED": State.STOPPED,
    "STARTING": State.CREATING,
    "Running": State.RUNNING,
    "Pending": State.CREATING,
    "Starting": State.CREATING,
    "Stopped": State.STOPPED,
}


@attrs.frozen
class ImageRecord:
    id: str
    reference: str
    labels: Mapping[str, str]
    state: str = "available"
    native: object = None

    @property
    def config_hash(self) -> str | None:
        return self.labels.get(LABEL_HASH)


@attrs.frozen
class InstanceRecord:
    id: str
    name: str
    state: State
    labels: Mapping[str, str]
    address: str | None = None
    native: object = None


class Backend:
    kind = "instance"

    def images(self) -> list[ImageRecord]:
        raise NotImplementedError

    def instance(self) -> InstanceRecord | None:
        raise NotImplementedError

    def launch(
        self, image: ImageRecord, labels: Mapping[str, str], secrets: Mapping[str, str]
    ) -> InstanceRecord:
        raise NotImplementedError

    def remove_instance(self, instance: InstanceRecord) -> None:
        raise NotImplementedError

    def remove_image(self, image: ImageRecord) -> list[str]:
        raise NotImplementedError

    def volumes(self) -> list[str]:
        """Data kept apart from the instance (the docker target's home volume)."""
        return []

    def remove_volume(self, volume: str) -> bool:
        return False


class DockerBackend(Backend):
    kind = "container"

    def __init__(self, name: str) -> None:
        self.name = name

    def images(self) -> list[ImageRecord]:
        return [
            ImageRecord(image.id, image.reference, image.labels, native=image)
            for image in dt.images_of(self.name)
        ]

    def instance(self) -> InstanceRecord | None:
        found = dt.container_of(self.name)
        if found is None:
            return None
        return InstanceRecord(
            found.id,
            found.name,
            _DOCKER_STATES.get(found.status, State.UNKNOWN),
            found.labels,
            native=found,
        )

    def launch(
        self, image: ImageRecord, labels: Mapping[str, str], secrets: Mapping[str, str]
    ) -> InstanceRecord:
        volume_labels = {k: v for k, v in labels.items() if k != LABEL_HASH}
        dt.launch(
            self.name, image.reference, labels=labels, secrets=secrets, volume_labels=volume_labels
        )
        launched = self.instance()
        assert launched is not None
        return launched

    def remove_instance(self, instance: InstanceRecord) -> None:
        assert isinstance(instance.native, dt.Container)
        dt.remove_container(instance.native)

    def remove_image(self, image: ImageRecord) -> list[str]:
        assert isinstance(image.native, dt.Image)
        return [f"image {image.reference}"] if dt.remove_image(image.native) else []

    def volumes(self) -> list[str]:
        volume = dt.home_volume(self.name)
        return [volume] if dt.volume_exists(volume) else []

    def remove_volume(self, volume: str) -> bool:
        return dt.remove_volume(volume)


class CloudBackend(Backend):
    def __init__(self, name: str, target: Target) -> None:
        self.name = name
        self.cloud = cloud_of(target)

    def images(self) -> list[ImageRecord]:
        found = sorted(self.cloud.images(name=self.name), key=lambda i: i.created, reverse=True)
        return [ImageRecord(i.id, i.name or i.id, i.tags, i.state, native=i) for i in found]

    def instance(self) -> InstanceRecord | None:
        for found in self.cloud.instances(self.name):
            return InstanceRecord(
                found.id,
                found.name,
                _CLOUD_STATES.get(found.state, State.UNKNOWN),
                found.tags,
                found.address,
                native=found,
            )
        return None

    def launch(
        self, image: ImageRecord, labels: Mapping[str, str], secrets: Mapping[str, str]
    ) -> InstanceRecord:
        assert isinstance(image.native, CloudImage)
        found = self.cloud.launch(image.native, self.name, labels)
        return InstanceRecord(
            found.id,
            found.name,
            _CLOUD_STATES.get(found.state, State.UNKNOWN),
            found.tags,
            found.address,
            native=found,
        )

    def remove_instance(self, instance: InstanceRecord) -> None:
        assert isinstance(instance.native, CloudInstance)
        self.cloud.terminate(instance.native)

    def remove_image(self, image: ImageRecord) -> list[str]:
        assert isinstance(image.native, CloudImage)
        return self.cloud.delete_image(image.native)


def backend_for(name: str, target: Target) -> Backend:
    return DockerBackend(name) if target.cloud == "docker" else CloudBackend(name, target)
