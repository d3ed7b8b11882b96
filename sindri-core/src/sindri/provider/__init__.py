"""The provider toolkit: what every provider needs, written once.

A provider maps the environment onto its backend and back; everything else it would write
the same way as the next provider lives here, so one sindri.yaml means the same thing on
every provider and a provider that cannot honour an option says so through the same error.

====================  ==================================================================
module                what it gives a provider
====================  ==================================================================
``images``            the image to run, from ``deployment.image`` / ``image_config`` /
                      a build, and the pull policy (:func:`choose_image`)
``resources``         memory, CPUs, GPUs and the home volume size, with the provider's
                      defaults and limits (:func:`resources_of`)
``contract``          the image contract: home, user, SSH port, workspace, and the
                      environment variables the image's entrypoint reads
``secrets``           the resolved secrets split into variables and files
``ownership``         ownership labels, the config hash, and the owner check behind
                      ``--adopt`` (:func:`ownership.claim`)
``planning``          plan actions from the config hash and the live state
``timing``            ``--timeout`` read the same way everywhere, deadlines and waits
``commands``          one subprocess runner for every CLI a provider calls
``doctor``            checks for "binary present, version at least X, authenticated"
``settings``          the ``providers.<name>`` section structured into an attrs class
``artifacts``         files under ``.sindri/<name>/``, written atomically
``credentials``       API tokens from a variable, a configured secret or a CLI
``validation``        located config errors and warnings for :func:`sindri_validate`
====================  ==================================================================

Each module imports only the standard library, attrs and ``sindri``, so a provider's
plugin module may use any of them and stay light. Import from the modules themselves
(``from sindri.provider.images import choose_image``); the names below are also reachable
from this package for convenience.
"""

from __future__ import annotations

from sindri.lazy import lazy_names

#: Public name -> the toolkit module that defines it.
_HOME = {
    "Artifacts": "artifacts",
    "CommandResult": "commands",
    "Credential": "credentials",
    "Deadline": "timing",
    "GpuRequest": "resources",
    "ImageChoice": "images",
    "Owner": "ownership",
    "Ownership": "ownership",
    "Resources": "resources",
    "SecretSplit": "secrets",
    "Timeouts": "timing",
    "Waiting": "timing",
    "binary_check": "doctor",
    "choose_image": "images",
    "claim": "ownership",
    "config_hash": "ownership",
    "contract_environment": "contract",
    "find_credential": "credentials",
    "located": "validation",
    "require_credential": "credentials",
    "resources_of": "resources",
    "run_command": "commands",
    "split_secrets": "secrets",
    "structure_settings": "settings",
    "timeouts": "timing",
    "wait_until": "timing",
    "workload_action": "planning",
}

__all__ = sorted(_HOME)


__getattr__, __dir__ = lazy_names(__name__, _HOME)
