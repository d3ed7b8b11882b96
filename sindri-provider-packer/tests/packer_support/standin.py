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
    elif args[:2] == ["vm", "create"]:
        az_vm_create(cloud, options(args[2:], "az", flags=("generate-ssh-keys",)))
        save(state)
    elif args[:2] == ["vm", "list"]:
        opts = options(args[2:], "az", flags=("show-details",))
        az_output(opts)
        group = one(opts, "resource-group", "az")
        details = "show-details" in opts
        emit([az_vm(v, details) for v in cloud.get("vms", []) if v["resourceGroup"] == group])
    elif args[:2] == ["vm", "show"]:
        opts = options(args[2:], "az", flags=("show-details",))
        az_output(opts)
        vm = az_find(cloud, opts)
        emit(az_vm(vm, "show-details" in opts))
    elif args[:2] == ["vm", "delete"]:
        opts = options(args[2:], "az", flags=("yes", "y", "no-wait"))
        vm = az_find(cloud, opts)
        cloud["vms"] = [v for v in cloud["vms"] if v["id"] != vm["id"]]
        save(state)
    else:
        usage("az", f"'{' '.join(args[:2])}' is misspelled or not recognized by the system.")


def az_output(opts: dict[str, list[str]]) -> None:
    if opts.get("output", ["json"]) != ["json"]:
        usage("az", "this stand-in answers --output json only")


def az_vm_create(cloud: dict[str, Any], opts: dict[str, list[str]]) -> None:
    """``az vm create``: its answer is the short summary, not the VM resource."""
    az_output(opts)
    group, name = one(opts, "resource-group", "az"), one(opts, "name", "az")
    one(opts, "image", "az")
    if "admin-password" not in opts and "generate-ssh-keys" not in opts:
        usage("az", "usage error: --admin-password or --generate-ssh-keys is required")
    tags = {}
    for pair in opts.get("tags", []):
        key, _, value = pair.partition("=")  # az takes space-separated key[=value] pairs
        tags[key] = value
    vms = cloud.setdefault("vms", [])
    if any(v["name"] == name and v["resourceGroup"] == group for v in vms):
        usage("az", f"VM '{name}' already exists in resource group '{group}'", 1)
    number = len(vms) + 1
    vm = {
        "id": f"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/{group}"
        f"/providers/Microsoft.Compute/virtualMachines/{name}",
        "name": name,
        "resourceGroup": group,
        "location": "eastus",
        "hardwareProfile": {"vmSize": one(opts, "size", "az")},
        "osProfile": {"adminUsername": one(opts, "admin-username", "az"), "computerName": name},
        "storageProfile": {"imageReference": {"id": opts["image"][0]}},
        "provisioningState": "Succeeded",
        "tags": tags,
        "type": "Microsoft.Compute/virtualMachines",
        "vmId": f"00000000-0000-0000-0000-{number:012d}",
        # the fields --show-details adds
        "powerState": "VM running",
        "publicIps": ADDRESS,
        "privateIps": f"10.0.0.{number + 3}",
        "fqdns": "",
        "macAddress": "00-0D-3A-00-00-01",
    }
    vms.append(vm)
    emit(
        {
            "fqdns": "",
            "id": vm["id"],
            "location": vm["location"],
            "macAddress": vm["macAddress"],
            "powerState": vm["powerState"],
            "privateIpAddress": vm["privateIps"],
            "publicIpAddress": vm["publicIps"],
            "resourceGroup": group,
            "zones": "",
        }
    )


DETAILS = ("powerState", "publicIps", "privateIps", "fqdns", "macAddress")


def az_vm(vm: dict[str, Any], details: bool) -> dict[str, Any]:
    """A VM as ``az vm list/show`` print it: the run-time fields only with --show-details."""
    return vm if details else {k: v for k, v in vm.items() if k not in DETAILS}


def az_find(cloud: dict[str, Any], opts: dict[str, list[str]]) -> dict[str, Any]:
    """One VM by ``--ids`` or by ``--resource-group`` and ``--name``; missing exits like az."""
    if "ids" in opts:
        wanted = one(opts, "ids", "az")
        found = [v for v in cloud.get("vms", []) if v["id"] == wanted]
    else:
        group, name = one(opts, "resource-group", "az"), one(opts, "name", "az")
        found = [
            v for v in cloud.get("vms", []) if v["name"] == name and v["resourceGroup"] == group
        ]
    if not found:
        sys.stderr.write("(ResourceNotFound) The Resource was not found.\n")
        sys.exit(3)
    return dict(found[0])


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
    elif args[:3] == ["compute", "instances", "create"]:
        names, opts = gcloud_positional(args[3:])
        gcloud_json(opts)
        emit([gcloud_create(cloud, name, opts) for name in names])
        save(state)
    elif args[:3] == ["compute", "instances", "list"]:
        opts = options(args[3:], "gcloud")
        gcloud_json(opts)
        instances = cloud.get("instances", [])
        for expression in opts.get("filter", []):
            key, _, value = expression.partition("=")
            if not key.startswith("labels."):
                usage("gcloud", f"this stand-in filters on labels only, not {key}")
            instances = [i for i in instances if i.get("labels", {}).get(key[7:]) == value]
        emit(instances)
    elif args[:3] == ["compute", "instances", "delete"]:
        names, opts = gcloud_positional(args[3:], flags=("quiet", "q"))
        zone = one(opts, "zone", "gcloud")
        if not names:
            usage("gcloud", "argument INSTANCE_NAMES [INSTANCE_NAMES ...]: Must be specified.")
        for name in names:
            if not any(gcloud_here(i, name, zone) for i in cloud.get("instances", [])):
                sys.stderr.write(
                    "ERROR: (gcloud.compute.instances.delete) Could not fetch resource:\n"
                    f" - The resource 'projects/p/zones/{zone}/instances/{name}' was not found\n"
                )
                sys.exit(1)
        cloud["instances"] = [
            i for i in cloud["instances"] if not any(gcloud_here(i, n, zone) for n in names)
        ]
        save(state)
        sys.stderr.write("".join(f"Deleted [{n}].\n" for n in names))
    else:
        usage("gcloud", f"Invalid choice: '{' '.join(args[:3])}'.")


def gcloud_json(opts: dict[str, list[str]]) -> None:
    if opts.get("format") != ["json"]:
        usage("gcloud", "this stand-in answers --format=json only")


def gcloud_positional(
    args: list[str], *, flags: tuple[str, ...] = ()
) -> tuple[list[str], dict[str, list[str]]]:
    """Leading names (``INSTANCE_NAMES``), then ``--key=value`` / ``--key value`` options."""
    names = []
    while args and not args[0].startswith("-"):
        names.append(args[0])
        args = args[1:]
    return names, options(args, "gcloud", flags=flags)


def gcloud_here(instance: dict[str, Any], name: str, zone: str) -> bool:
    return bool(instance["name"] == name and instance["zone"].endswith(f"/zones/{zone}"))


def gcloud_create(cloud: dict[str, Any], name: str, opts: dict[str, list[str]]) -> dict[str, Any]:
    """One instance as ``compute instances create --format=json`` prints it (a list item)."""
    zone = one(opts, "zone", "gcloud")
    project = (opts.get("project") or ["standin-project"])[0]
    labels = {}
    for pair in ",".join(opts.get("labels", [])).split(","):
        if pair:
            key, sep, value = pair.partition("=")
            if not sep:
                usage("gcloud", f"argument --labels: Bad syntax for dict arg: [{pair}]")
            labels[key] = value
    instances = cloud.setdefault("instances", [])
    if any(gcloud_here(i, name, zone) for i in instances):
        usage(
            "gcloud",
            f"The resource 'projects/{project}/zones/{zone}/instances/{name}' already exists",
            1,
        )
    number = len(instances) + 1
    base = f"https://www.googleapis.com/compute/v1/projects/{project}"
    instance = {
        "kind": "compute#instance",
        "id": f"{7000000000000000000 + number}",
        "name": name,
        "creationTimestamp": "2026-12-02T00:00:00.000-08:00",
        "machineType": f"{base}/zones/{zone}/machineTypes/{one(opts, 'machine-type', 'gcloud')}",
        "status": "RUNNING",
        "zone": f"{base}/zones/{zone}",
        "labels": labels,
        "disks": [
            {
                "boot": True,
                "deviceName": name,
                "source": f"{base}/zones/{zone}/disks/{name}",
                "type": "PERSISTENT",
            }
        ],
        "networkInterfaces": [
            {
                "accessConfigs": [
                    {
                        "kind": "compute#accessConfig",
                        "name": "external-nat",
                        "natIP": ADDRESS,
                        "networkTier": "PREMIUM",
                        "type": "ONE_TO_ONE_NAT",
                    }
                ],
                "kind": "compute#networkInterface",
                "name": "nic0",
                "network": f"{base}/global/networks/default",
                "networkIP": f"10.128.0.{number + 1}",
            }
        ],
        "selfLink": f"{base}/zones/{zone}/instances/{name}",
    }
    one(opts, "image", "gcloud")
    instances.append(instance)
    return instance


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
    elif args[:3] == ["compute", "instance", "launch"]:
        opts = options(args[3:], "oci")
        oci_output(opts)
        emit({"data": oci_launch(cloud, opts), "etag": "standin-etag"})
        save(state)
    elif args[:3] == ["compute", "instance", "list"]:
        opts = options(args[3:], "oci", flags=("all",))
        oci_output(opts)
        compartment = one(opts, "compartment-id", "oci")
        found = [i for i in cloud.get("instances", []) if i["compartment-id"] == compartment]
        emit({"data": [{k: v for k, v in i.items() if k != "subnet"} for i in found]})
    elif args[:3] == ["compute", "instance", "list-vnics"]:
        opts = options(args[3:], "oci", flags=("all",))
        oci_output(opts)
        instance = oci_instance(cloud, one(opts, "instance-id", "oci"))
        emit({"data": [oci_vnic(instance)]})
    elif args[:3] == ["compute", "instance", "terminate"]:
        opts = options(args[3:], "oci", flags=("force",))
        instance = oci_instance(cloud, one(opts, "instance-id", "oci"))
        if "force" not in opts:
            usage("oci", "Are you sure you want to delete this resource? [y/N]: Aborted!", 1)
        instance["lifecycle-state"] = "TERMINATING"
        save(state)
    else:
        usage("oci", f"No such command '{' '.join(args[:3])}'.")


def oci_output(opts: dict[str, list[str]]) -> None:
    if opts.get("output", ["json"]) != ["json"]:
        usage("oci", "this stand-in answers --output json only")


def oci_instance(cloud: dict[str, Any], ocid: str) -> dict[str, Any]:
    instances: list[dict[str, Any]] = cloud.get("instances", [])
    for instance in instances:
        if instance["id"] == ocid:
            return instance
    sys.stderr.write(
        'ServiceError:\n{\n    "code": "NotAuthorizedOrNotFound",\n    "status": 404\n}\n'
    )
    sys.exit(1)


def oci_launch(cloud: dict[str, Any], opts: dict[str, list[str]]) -> dict[str, Any]:
    """``compute instance launch``: the Instance, in the state ``--wait-for-state`` waited for."""
    for required in ("availability-domain", "compartment-id", "shape"):
        one(opts, required, "oci")
    if "subnet-id" not in opts and "vnic-details" not in opts:
        usage("oci", "Missing option(s) --subnet-id or --vnic-details.")
    if "image-id" not in opts and "source-details" not in opts:
        usage("oci", "Missing option(s) --image-id or --source-details.")
    try:
        tags = json.loads(one(opts, "freeform-tags", "oci")) if "freeform-tags" in opts else {}
    except json.JSONDecodeError:
        tags = None
    if not isinstance(tags, dict):
        usage("oci", "Parameter 'freeform-tags' must be in JSON format.")
    waited = opts.get("wait-for-state", [])
    instances = cloud.setdefault("instances", [])
    number = len(instances) + 1
    instance = {
        "availability-domain": opts["availability-domain"][0],
        "compartment-id": opts["compartment-id"][0],
        "display-name": (opts.get("display-name") or [f"instance{number}"])[0],
        "freeform-tags": tags,
        "defined-tags": {},
        "id": f"ocid1.instance.oc1.iad.standin{number:04d}",
        "image-id": (opts.get("image-id") or [""])[0],
        "lifecycle-state": waited[-1] if waited else "PROVISIONING",
        "region": "iad",
        "shape": opts["shape"][0],
        "time-created": "2026-12-02T00:00:00.000000+00:00",
        "subnet": opts.get("subnet-id", [""])[0],  # kept for list-vnics, not an Instance field
    }
    instances.append({**instance, "lifecycle-state": "RUNNING"})
    return {k: v for k, v in instance.items() if k != "subnet"}


def oci_vnic(instance: dict[str, Any]) -> dict[str, Any]:
    """The instance's primary VNIC as ``compute instance list-vnics`` prints it."""
    number = int(instance["id"][-4:])
    return {
        "availability-domain": instance["availability-domain"],
        "compartment-id": instance["compartment-id"],
        "display-name": instance["display-name"],
        "hostname-label": instance["display-name"],
        "id": f"ocid1.vnic.oc1.iad.standin{number:04d}",
        "is-primary": True,
        "lifecycle-state": "AVAILABLE",
        "mac-address": "02:00:17:00:00:01",
        "private-ip": f"10.0.1.{number + 1}",
        "public-ip": ADDRESS,
        "subnet-id": instance.get("subnet", ""),
        "time-created": instance["time-created"],
    }


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
    elif args[:2] == ["ecs", "RunInstances"]:
        opts = options(args[2:], "aliyun")
        emit(aliyun_run(cloud, opts))
        save(state)
    elif args[:2] == ["ecs", "DeleteInstance"]:
        opts = options(args[2:], "aliyun")
        aliyun_region(opts)
        wanted = one(opts, "InstanceId", "aliyun")
        kept = [
            i
            for i in cloud.get("instances", [])
            if not (i["InstanceId"] == wanted and i["RegionId"] == aliyun_region(opts))
        ]
        if len(kept) == len(cloud.get("instances", [])):
            sys.stderr.write(
                "ERROR: SDK.ServerError\nErrorCode: InvalidInstanceId.NotFound\n"
                "Message: The specified InstanceId does not exist.\n"
            )
            sys.exit(1)
        if opts.get("Force") != ["true"]:
            sys.stderr.write("ERROR: SDK.ServerError\nErrorCode: IncorrectInstanceStatus\n")
            sys.exit(1)
        cloud["instances"] = kept
        save(state)
        emit({"RequestId": "STANDIN"})
    elif args[:2] == ["ecs", "DescribeInstances"]:
        opts = options(args[2:], "aliyun")
        region = aliyun_region(opts)
        found = [i for i in cloud.get("instances", []) if i.get("RegionId", region) == region]
        for index in range(1, 21):
            if f"Tag.{index}.Key" in opts:
                tag = {
                    "TagKey": one(opts, f"Tag.{index}.Key", "aliyun"),
                    "TagValue": one(opts, f"Tag.{index}.Value", "aliyun"),
                }
                found = [i for i in found if tag in i.get("Tags", {}).get("Tag", [])]
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


def aliyun_region(opts: dict[str, list[str]]) -> str:
    """The API's ``--RegionId``, else the CLI's ``--region``; else the profile's region."""
    for key in ("RegionId", "region"):
        if key in opts:
            return one(opts, key, "aliyun")
    return "cn-hangzhou"  # the region ``configure get`` answers


def aliyun_run(cloud: dict[str, Any], opts: dict[str, list[str]]) -> dict[str, Any]:
    """``ecs RunInstances``: the IDs only; the instance starts Pending, then runs."""
    region = one(opts, "RegionId", "aliyun")
    amount = int((opts.get("Amount") or ["1"])[0])
    tags = []
    for index in range(1, 21):
        if f"Tag.{index}.Key" in opts:
            tags.append(
                {
                    "TagKey": one(opts, f"Tag.{index}.Key", "aliyun"),
                    "TagValue": one(opts, f"Tag.{index}.Value", "aliyun"),
                }
            )
    public = int((opts.get("InternetMaxBandwidthOut") or ["0"])[0]) > 0
    instances = cloud.setdefault("instances", [])
    ids = []
    for _ in range(amount):
        number = len(instances) + 1
        instance_id = f"i-uf6standin{number:04d}"
        ids.append(instance_id)
        instances.append(
            {
                "InstanceId": instance_id,
                "InstanceName": (opts.get("InstanceName") or [instance_id])[0],
                "ImageId": one(opts, "ImageId", "aliyun"),
                "InstanceType": one(opts, "InstanceType", "aliyun"),
                "RegionId": region,
                "ZoneId": f"{region}-b",
                "Status": "Running",
                "InstanceNetworkType": "vpc",
                "InternetMaxBandwidthOut": 10 if public else 0,
                "PublicIpAddress": {"IpAddress": [ADDRESS] if public else []},
                "EipAddress": {"AllocationId": "", "IpAddress": "", "InternetChargeType": ""},
                "VpcAttributes": {
                    "PrivateIpAddress": {"IpAddress": [f"172.16.0.{number + 1}"]},
                    "VSwitchId": "vsw-uf6standin",
                    "VpcId": "vpc-uf6standin",
                },
                "Tags": {"Tag": tags},
                "CreationTime": "2026-12-02T00:00Z",
            }
        )
    return {
        "InstanceIdSets": {"InstanceIdSet": ids},
        "OrderId": "2000000000001",
        "RequestId": "STANDIN",
        "TradePrice": 0.0,
    }


def main() -> None:
    tool, args = sys.argv[1], sys.argv[2:]
    FOLDER.mkdir(parents=True, exist_ok=True)
    with (FOLDER / "calls.jsonl").open("a") as log:
        log.write(json.dumps({"argv": [tool, *args]}) + "\n")
    {"aws": aws, "az": az, "gcloud": gcloud, "oci": oci, "aliyun": aliyun}[tool](args)


if __name__ == "__main__":
    main()
