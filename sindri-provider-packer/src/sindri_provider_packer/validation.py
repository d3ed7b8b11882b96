"""``sindri_validate``: what deploy would refuse, found without Packer or a cloud."""

from __future__ import annotations

from sindri.environment import Environment
from sindri.errors import ConfigError
from sindri.provider.images import image_findings
from sindri.provider.resources import resources_of
from sindri.provider.validation import collect, located, provider_path, unsupported, warning
from sindri_provider_packer.hcl import go_template_free
from sindri_provider_packer.render import local_path, user_values
from sindri_provider_packer.schema import CLOUD_BLOCKS
from sindri_provider_packer.settings import settings_of


def findings(env: Environment) -> list[ConfigError]:
    settings = settings_of(env)

    def image() -> list[ConfigError]:
        if settings.cloud == "docker":
            return list(image_findings(env))
        if env.config.deployment.image or env.config.deployment.image_config:
            path = "deployment.image" if env.config.deployment.image else "deployment.image_config"
            raise unsupported(
                env,
                path,
                f"a {settings.cloud} build starts from the cloud's base image "
                f"(providers.packer.{settings.cloud}), not a container image",
            )
        return []

    def resources() -> list[ConfigError]:
        # The machine comes from instanceType; sizes written in deployment are not applied.
        return list(resources_of(env, home_size_enforced=False).warnings)

    def other_blocks() -> list[ConfigError]:
        return [
            warning(
                env,
                provider_path(env, block),
                f"ignored: providers.packer.cloud is {settings.cloud}",
            )
            for block in CLOUD_BLOCKS
            if block != settings.cloud and block in env.provider_config
        ]

    def files() -> list[ConfigError]:
        found: list[ConfigError] = []
        for index, script in enumerate(settings.scripts):
            if not local_path(env, script).is_file():
                found.append(
                    located(env, provider_path(env, "scripts", index), f"no such script: {script}")
                )
        for index, upload in enumerate(settings.file_uploads):
            if not local_path(env, upload.source).exists():
                found.append(
                    located(
                        env,
                        provider_path(env, "fileUploads", index, "source"),
                        f"no such file or folder: {upload.source}",
                    )
                )
        for index, name in enumerate(settings.var_files):
            if not local_path(env, name).is_file():
                found.append(
                    located(env, provider_path(env, "varFiles", index), f"no such var file: {name}")
                )
        return found

    def templates() -> list[ConfigError]:
        found: list[ConfigError] = []
        for keys, value in user_values(settings):
            if not go_template_free(value):
                found.append(
                    located(
                        env,
                        provider_path(env, *keys),
                        "contains '{{', which Packer reads as a template action",
                    )
                )
        return found

    def aws_sharing() -> list[ConfigError]:
        block = settings.aws
        if settings.cloud != "aws" or block is None:
            return []
        if block.encrypt_boot and not block.kms_key_id and (block.ami_users or block.ami_groups):
            key = "amiUsers" if block.ami_users else "amiGroups"
            return [
                located(
                    env,
                    provider_path(env, "aws", key),
                    "an AMI encrypted with the default KMS key cannot be shared",
                    hint="set aws.kmsKeyId, or aws.encryptBoot: false",
                )
            ]
        return []

    def launch() -> list[ConfigError]:
        if (
            settings.launch
            and settings.cloud == "azure"
            and not (settings.azure and settings.azure.subscription_id)
        ):
            return [
                warning(
                    env,
                    provider_path(env, "azure", "subscriptionId"),
                    "not set: AZURE_SUBSCRIPTION_ID is read at deploy",
                )
            ]
        return []

    return collect(image, resources, other_blocks, files, templates, aws_sharing, launch)
