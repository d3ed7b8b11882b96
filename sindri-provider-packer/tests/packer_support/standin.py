"""Stand-ins for the aws, az, gcloud, oci and aliyun CLIs, for tests.

Each call is appended to ``$SINDRI_STANDIN_DIR/calls.jsonl``; images and instances live in
``$SINDRI_STANDIN_DIR/state.json`` (seeded by the test). Arguments are read the way the real
CLIs take them and answers are their JSON shapes; an argument shape the real CLI would refuse
exits like it does (aws: 252, usage on stderr), so a wrong call fails the test.
Standard library only: it runs under any python3.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

FOLDER = Path(os.environ.get("SINDRI_STANDIN_DIR", "."))
STATE = FOLDER / "state.json"
ADDRESS = "203.0.113.10"  # TEST-NET-3: documentation only, never contacted


def load() -> dict[str, Any]:
    return json.loads(STATE.read_text()) if STATE.exists() else {}


def save(state: dict[str, Any]) -> None:
    STATE.write_text(json.dumps(state, indent=1))


def usage(tool: str, message: str, code: int = 2) -> None:
    sys.stderr.write(f"{tool}: error: {message}\n")
    sys.exit(code)


def options(args: list[str], tool: str, *, flags: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """``--key value [value...]`` pairs (``--key=value`` too); ``flags`` take no value."""
    found: dict[str, list[str]] = {}
    key = None
    for arg in args:
        if arg.startswith("--"):
            name, sep, value = arg[2:].partition("=")
            if name in flags:
                found[name] = []
                key = None
                continue
            found.setdefault(name, [])
            if sep:
                found[name].append(value)
                key = None
            else:
                key = name
        elif key is not None:
            found[key].append(arg)
        else:
            usage(tool, f"unrecognized arguments: {arg}")
    return found


def one(opts: dict[str, list[str]], name: str, tool: str) -> str:
    values = opts.get(name) or []
    if len(values) != 1:
        usage(tool, f"argument --{name}: expected one argument")
    return values[0]


def emit(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=4) + "\n")


# --- aws -------------------------------------------------------------------------------------


def aws_filters(values: list[str]) -> list[tuple[str, list[str]]]:
    parsed = []
    for value in values:
        fields = dict(part.split("=", 1) for part in value.split(",", 1))
        if set(fields) != {"Name", "Values"}:
            usage("aws", f"Error parsing parameter '--filters': {value}", 252)
        parsed.append((fields["Name"], fields["Values"].split(",")))
    return parsed


def aws_match(item: dict[str, Any], filters: list[tuple[str, list[str]]]) -> bool:
    tags = {t["Key"]: t["Value"] for t in item.get("Tags", [])}
    for name, values in filters:
        if name.startswith("tag:"):
            actual = tags.get(name[4:])
        elif name == "name":
            actual = item.get("Name")
        elif name == "instance-state-name":
            actual = item["State"]["Name"]
        else:
            usage("aws", f"unsupported filter {name} in this stand-in", 252)
        if actual is None or not any(
            actual.startswith(v[:-1]) if v.endswith("*") else actual == v for v in values
        ):
            return False
    return True


def aws(args: list[str]) -> None:
    if args == ["--version"]:
        sys.stdout.write("aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.debian.12\n")
        return
    if len(args) < 2:
        usage("aws", "the following arguments are required: command", 252)
    service, command, rest = args[0], args[1], args[2:]
    state = load()
    cloud = state.setdefault("aws", {"images": [], "instances": [], "snapshots_deleted": []})
    if (service, command) == ("sts", "get-caller-identity"):
        options(rest, "aws")
        emit(
            {
                "UserId": "AIDASTANDIN",
                "Account": "123456789012",
                "Arn": "arn:aws:iam::123456789012:user/standin",
            }
        )
        return
    if service != "ec2":
        usage("aws", f"argument command: Invalid choice: {service}", 252)
    if command == "wait":
        if not rest or rest[0] != "instance-running":
            usage("aws", "argument subcommand: Invalid choice", 252)
        options(rest[1:], "aws")
        return
    opts = options(rest, "aws")
    if "output" in opts and opts["output"] != ["json"]:
        usage("aws", "this stand-in answers --output json only", 252)
    if command == "describe-images":
        filters = aws_filters(opts.get("filters", []))
        owners = opts.get("owners", [])
        images = [i for i in cloud["images"] if aws_match(i, filters)] if owners == ["self"] else []
        emit({"Images": images})
    elif command == "deregister-image":
        image = one(opts, "image-id", "aws")
        before = len(cloud["images"])
        cloud["images"] = [i for i in cloud["images"] if i["ImageId"] != image]
        if len(cloud["images"]) == before:
            sys.stderr.write(
                "An error occurred (InvalidAMIID.NotFound) when calling the "
                f"DeregisterImage operation: The image id '[{image}]' does not exist\n"
            )
            sys.exit(254)
        save(state)
    elif command == "delete-snapshot":
        cloud["snapshots_deleted"].append(one(opts, "snapshot-id", "aws"))
        save(state)
    elif command == "run-instances":
        image = one(opts, "image-id", "aws")
        specification = json.loads(one(opts, "tag-specifications", "aws"))
        tags = specification[0]["Tags"]
        number = len(cloud["instances"]) + 1
        instance = {
            "InstanceId": f"i-0standin{number:08d}",
            "ImageId": image,
            "InstanceType": one(opts, "instance-type", "aws"),
            "State": {"Code": 0, "Name": "pending"},
            "Tags": tags,
            "PrivateIpAddress": f"10.0.0.{number}",
        }
        cloud["instances"].append(
            {**instance, "State": {"Code": 16, "Name": "running"}, "PublicIpAddress": ADDRESS}
        )
        save(state)
        emit(
            {
                "Groups": [],
                "Instances": [instance],
                "OwnerId": "123456789012",
                "ReservationId": f"r-0standin{number:08d}",
            }
        )
    elif command == "describe-instances":
        filters = aws_filters(opts.get("filters", []))
        ids = opts.get("instance-ids")
        found = [
            i
            for i in cloud["instances"]
            if aws_match(i, filters) and (ids is None or i["InstanceId"] in ids)
        ]
        emit({"Reservations": [{"Instances": found}] if found else []})
    elif command == "terminate-instances":
        ids = opts.get("instance-ids", [])
        changes = []
        for instance in cloud["instances"]:
            if instance["InstanceId"] in ids:
                changes.append(
                    {
                        "CurrentState": {"Code": 32, "Name": "shutting-down"},
                        "InstanceId": instance["InstanceId"],
                        "PreviousState": dict(instance["State"]),
                    }
                )
                instance["State"] = {"Code": 48, "Name": "terminated"}
        save(state)
        emit({"TerminatingInstances": changes})
    else:
        usage("aws", f"argument operation: Invalid choice: {command}", 252)


# --- az --------------------------------------------------------------------------------------


def az(args: list[str]) -> None:
    state = load()
    cloud = state.setdefault("azure", {"images": []})
    if args[:2] == ["version", "--output"]:
        emit({"azure-cli": "2.61.0", "azure-cli-core": "2.61.0", "extensions": {}})
    elif args[:2] == ["account", "show"]:
        emit(
            {
                "environmentName": "AzureCloud",
                "id": "00000000-0000-0000-0000-000000000000",
                "isDefault": True,
                "name": "Standin subscription",
                "state": "Enabled",
                "tenantId": "11111111-1111-1111-1111-111111111111",
                "user": {"name": "standin@example.com", "type": "user"},
            }
        )
    elif args[:2] == ["image", "list"]:
        opts = options(args[2:], "az")
        group = one(opts, "resource-group", "az")
        emit([i for i in cloud["images"] if i["resourceGroup"] == group])
    elif args[:2] == ["image", "delete"]:
        opts = options(args[2:], "az")
        image = one(opts, "ids", "az")
        cloud["images"] = [i for i in cloud["images"] if i["id"] != image]
        save(state)
    elif args[:2] == ["vm", "list"]:
        opts = options(args[2:], "az", flags=("show-details",))
        group = one(opts, "resource-group", "az")
        emit([v for v in cloud.get("vms", []) if v["resourceGroup"] == group])
    else:
        usage("az", f"'{' '.join(args[:2])}' is misspelled or not recognized by the system.")


# --- gcloud ----------------------------------------------------------------------------------


def gcloud(args: list[str]) -> None:
    state = load()
    cloud = state.setdefault("gcp", {"images": []})
    if args == ["version"]:
        sys.stdout.write("Google Cloud SDK 460.0.0\ncore 2024.01.31\n")
    elif args[:2] == ["auth", "print-access-token"]:
        sys.stdout.write("ya29.standin-token\n")
    elif args[:3] == ["compute", "images", "list"]:
        opts = options(args[3:], "gcloud", flags=("no-standard-images",))
        if opts.get("format") != ["json"]:
            usage("gcloud", "this stand-in answers --format=json only")
        images = cloud["images"]
        for expression in opts.get("filter", []):
            key, _, value = expression.partition("=")
            if key.startswith("labels."):
                images = [i for i in images if i.get("labels", {}).get(key[7:]) == value]
        emit(images)
    elif args[:3] == ["compute", "images", "delete"]:
        names, rest = [], iter(args[3:])
        for arg in rest:
            if arg == "--project":
                next(rest)
            elif arg.startswith("--project=") or arg == "--quiet":
                continue
            elif arg.startswith("--"):
                usage("gcloud", f"unrecognized arguments: {arg}")
            else:
                names.append(arg)
        cloud["images"] = [i for i in cloud["images"] if i["name"] not in names]
        save(state)
        sys.stderr.write("".join(f"Deleted [{n}].\n" for n in names))
    elif args[:3] == ["compute", "instances", "list"]:
        opts = options(args[3:], "gcloud")
        emit(cloud.get("instances", []))
    else:
        usage("gcloud", f"Invalid choice: '{' '.join(args[:3])}'.")


# --- oci -------------------------------------------------------------------------------------


def oci(args: list[str]) -> None:
    state = load()
    cloud = state.setdefault("oci", {"images": []})
    if args == ["--version"]:
        sys.stdout.write("3.37.0\n")
    elif args[:3] == ["iam", "region", "list"]:
        emit(
            {
                "data": [
                    {"key": "IAD", "name": "us-ashburn-1"},
                    {"key": "PHX", "name": "us-phoenix-1"},
                ]
            }
        )
    elif args[:3] == ["compute", "image", "list"]:
        opts = options(args[3:], "oci", flags=("all",))
        compartment = one(opts, "compartment-id", "oci")
        emit({"data": [i for i in cloud["images"] if i["compartment-id"] == compartment]})
    elif args[:3] == ["compute", "image", "delete"]:
        opts = options(args[3:], "oci", flags=("force",))
        image = one(opts, "image-id", "oci")
        cloud["images"] = [i for i in cloud["images"] if i["id"] != image]
        save(state)
    elif args[:3] == ["compute", "instance", "list"]:
        opts = options(args[3:], "oci", flags=("all",))
        one(opts, "compartment-id", "oci")
        emit({"data": cloud.get("instances", [])})
    else:
        usage("oci", f"No such command '{' '.join(args[:3])}'.")


# --- aliyun ----------------------------------------------------------------------------------


def aliyun(args: list[str]) -> None:
    state = load()
    cloud = state.setdefault("alibaba", {"images": []})
    if args == ["version"]:
        sys.stdout.write("3.0.200\n")
    elif args[:2] == ["configure", "get"]:
        emit(
            {
                "mode": "AK",
                "access_key_id": "LTAI****",
                "region_id": "cn-hangzhou",
                "current": "default",
            }
        )
    elif args[:2] == ["ecs", "DescribeImages"]:
        opts = options(args[2:], "aliyun")
        one(opts, "RegionId", "aliyun")
        images = cloud["images"] if opts.get("ImageOwnerAlias") == ["self"] else []
        if "Tag.1.Key" in opts:
            key, value = one(opts, "Tag.1.Key", "aliyun"), one(opts, "Tag.1.Value", "aliyun")
            images = [
                i
                for i in images
                if {"TagKey": key, "TagValue": value} in i.get("Tags", {}).get("Tag", [])
            ]
        emit(
            {
                "Images": {"Image": images},
                "PageNumber": 1,
                "PageSize": 10,
                "RegionId": opts["RegionId"][0],
                "RequestId": "STANDIN",
                "TotalCount": len(images),
            }
        )
    elif args[:2] == ["ecs", "DeleteImage"]:
        opts = options(args[2:], "aliyun")
        image = one(opts, "ImageId", "aliyun")
        cloud["images"] = [i for i in cloud["images"] if i["ImageId"] != image]
        save(state)
        emit({"RequestId": "STANDIN"})
    elif args[:2] == ["ecs", "DescribeInstances"]:
        opts = options(args[2:], "aliyun")
        one(opts, "RegionId", "aliyun")
        found = cloud.get("instances", [])
        emit(
            {
                "Instances": {"Instance": found},
                "PageNumber": 1,
                "PageSize": 10,
                "RequestId": "STANDIN",
                "TotalCount": len(found),
            }
        )
    else:
        usage("aliyun", f"unknown api: {' '.join(args[:2])}")


def main() -> None:
    tool, args = sys.argv[1], sys.argv[2:]
    FOLDER.mkdir(parents=True, exist_ok=True)
    with (FOLDER / "calls.jsonl").open("a") as log:
        log.write(json.dumps({"argv": [tool, *args]}) + "\n")
    {"aws": aws, "az": az, "gcloud": gcloud, "oci": oci, "aliyun": aliyun}[tool](args)


if __name__ == "__main__":
    main()
