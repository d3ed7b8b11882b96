"""Stand-ins for the kind and k3d CLIs (installed on PATH by a test fixture).

They check their arguments like the real tools (unknown flags and missing names fail
with exit 1), keep clusters in the JSON file named by ``FAKE_CLUSTERS_STATE``, print what
the real tools print (``k3d cluster list -o json`` has the real field names), and append
every invocation to ``FAKE_CLUSTERS_LOG``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

STATE = Path(os.environ["FAKE_CLUSTERS_STATE"])


def load() -> dict:
    return json.loads(STATE.read_text()) if STATE.exists() else {"kind": {}, "k3d": {}}


def save(state: dict) -> None:
    STATE.write_text(json.dumps(state))


def fail(message: str) -> None:
    sys.stderr.write(f"ERROR: {message}\n")
    sys.exit(1)


def parse(args: list[str], flags: dict[str, bool]) -> tuple[list[str], dict[str, str]]:
    """Positional args and options; ``flags`` maps option → takes a value."""
    positional, options = [], {}
    i = 0
    while i < len(args):
        arg = args[i]
        if arg.startswith("-"):
            name, _, inline = arg.partition("=")
            if name not in flags:
                fail(f"unknown flag: {name}")
            if flags[name]:
                if inline:
                    options[name] = inline
                else:
                    i += 1
                    if i >= len(args):
                        fail(f"flag needs an argument: {name}")
                    options[name] = args[i]
            else:
                options[name] = "true"
        else:
            positional.append(arg)
        i += 1
    return positional, options


def kubeconfig(context: str, port: int) -> str:
    return (
        "apiVersion: v1\nkind: Config\n"
        f"clusters:\n- cluster:\n    server: https://127.0.0.1:{port}\n  name: {context}\n"
        f"contexts:\n- context:\n    cluster: {context}\n    user: {context}\n  name: {context}\n"
        f"current-context: {context}\n"
        f"users:\n- name: {context}\n  user:\n    token: fake\n"
    )


def kind(args: list[str]) -> None:
    state = load()
    clusters = state["kind"]
    if args[:2] == ["get", "clusters"]:
        parse(args[2:], {})
        if not clusters:
            sys.stderr.write("No kind clusters found.\n")
        for name in sorted(clusters):
            print(name)
        return
    if args[:2] == ["create", "cluster"]:
        _, opts = parse(
            args[2:], {"--name": True, "--image": True, "--config": True, "--wait": True}
        )
        name = opts.get("--name", "kind")
        if name in clusters:
            fail(
                "failed to create cluster: node(s) already exist for a cluster with the name "
                f'"{name}"'
            )
        workers = 0
        if "--config" in opts:
            text = Path(opts["--config"]).read_text()
            if "kind: Cluster" not in text:
                fail("failed to create cluster: unknown config kind")
            workers = text.count("role: worker")
        clusters[name] = {"image": opts.get("--image", "kindest/node:v1.35.0"), "workers": workers}
        save(state)
        sys.stderr.write(f'Creating cluster "{name}" ...\n')
        return
    if args[:2] == ["get", "nodes"]:
        _, opts = parse(args[2:], {"--name": True})
        name = opts.get("--name", "kind")
        if name not in clusters:
            sys.stderr.write(f'No kind nodes found for cluster "{name}".\n')
            return
        print(f"{name}-control-plane")
        for i in range(clusters[name]["workers"]):
            print(f"{name}-worker" + (str(i + 1) if i else ""))
        return
    if args[:2] == ["get", "kubeconfig"]:
        _, opts = parse(args[2:], {"--name": True})
        name = opts.get("--name", "kind")
        if name not in clusters:
            fail(f'could not locate any control plane nodes for cluster named "{name}"')
        sys.stdout.write(kubeconfig(f"kind-{name}", 40001))
        return
    if args[:2] == ["delete", "cluster"]:
        _, opts = parse(args[2:], {"--name": True})
        name = opts.get("--name", "kind")
        clusters.pop(name, None)
        save(state)
        sys.stderr.write(f'Deleting cluster "{name}" ...\n')
        return
    if args[:2] == ["load", "docker-image"]:
        images, opts = parse(args[2:], {"--name": True})
        if not images:
            fail("a list of image names is required")
        if opts.get("--name", "kind") not in clusters:
            fail(f"unknown cluster {opts.get('--name', 'kind')!r}")
        return
    fail(f"unknown command {' '.join(args)!r} for kind")


def k3d_cluster(name: str, info: dict) -> dict:
    nodes = [
        {
            "name": f"k3d-{name}-server-0",
            "role": "server",
            "image": info["image"],
            "State": {"Running": True, "Status": "running"},
            "IP": {"IP": "172.19.0.3", "Static": False},
        }
    ]
    nodes += [
        {
            "name": f"k3d-{name}-agent-{i}",
            "role": "agent",
            "image": info["image"],
            "State": {"Running": True, "Status": "running"},
            "IP": {"IP": f"172.19.0.{4 + i}", "Static": False},
        }
        for i in range(info["agents"])
    ]
    nodes.append(
        {
            "name": f"k3d-{name}-serverlb",
            "role": "loadbalancer",
            "image": "ghost/k3d-proxy",
            "State": {"Running": True, "Status": "running"},
            "IP": {"IP": "172.19.0.2", "Static": False},
        }
    )
    return {
        "name": name,
        "network": {"Name": f"k3d-{name}", "External": False},
        "token": "fake",
        "nodes": nodes,
        "serversCount": 1,
        "serversRunning": 1,
        "agentsCount": info["agents"],
        "agentsRunning": info["agents"],
        "hasLoadbalancer": True,
        "imageVolume": f"k3d-{name}-images",
    }


def k3d(args: list[str]) -> None:
    state = load()
    clusters = state["k3d"]
    if args[:2] == ["cluster", "list"]:
        _, opts = parse(args[2:], {"-o": True, "--output": True})
        if opts.get("-o", opts.get("--output")) == "json":
            print(json.dumps([k3d_cluster(n, c) for n, c in sorted(clusters.items())]))
        else:
            print("NAME   SERVERS   AGENTS   LOADBALANCER")
            for n, c in sorted(clusters.items()):
                print(f"{n}   1/1   {c['agents']}/{c['agents']}   true")
        return
    if args[:2] == ["cluster", "get"]:
        names, opts = parse(args[2:], {"-o": True, "--output": True})
        missing = [n for n in names if n not in clusters]
        if missing:
            fail(f"failed to get cluster '{missing[0]}': No nodes found for given cluster")
        print(json.dumps([k3d_cluster(n, clusters[n]) for n in names]))
        return
    if args[:2] == ["cluster", "create"]:
        names, opts = parse(
            args[2:],
            {"--image": True, "--agents": True, "--registry-create": True, "--wait": False},
        )
        name = names[0] if names else "k3s-default"
        if name in clusters:
            fail(
                f"Failed to create cluster '{name}' because a cluster with that name already exists"
            )
        registry = opts.get("--registry-create")
        if registry and len(registry.split(":")) != 3:
            fail(f"invalid registry spec {registry!r}")
        clusters[name] = {
            "image": opts.get("--image", "rancher/k3s:v1.35.0-k3s1"),
            "agents": int(opts.get("--agents", "0")),
            "registry": registry,
        }
        save(state)
        print(f"INFO[0000] Cluster '{name}' created successfully!")
        return
    if args[:2] == ["cluster", "delete"]:
        names, _ = parse(args[2:], {})
        for name in names:
            clusters.pop(name, None)
        save(state)
        return
    if args[:2] == ["kubeconfig", "get"]:
        names, _ = parse(args[2:], {})
        if not names or names[0] not in clusters:
            fail("failed to get kubeconfig for cluster")
        sys.stdout.write(kubeconfig(f"k3d-{names[0]}", 40002))
        return
    if args[:2] == ["image", "import"]:
        images, opts = parse(args[2:], {"-c": True, "--cluster": True})
        if not images or opts.get("-c", opts.get("--cluster")) not in clusters:
            fail("failed to import images")
        return
    fail(f"unknown command {' '.join(args)!r} for k3d")


def main() -> None:
    tool = Path(sys.argv[0]).name
    with open(os.environ["FAKE_CLUSTERS_LOG"], "a") as log:
        log.write(json.dumps([tool, *sys.argv[1:]]) + "\n")
    (kind if tool == "kind" else k3d)(sys.argv[1:])


if __name__ == "__main__":
    main()
