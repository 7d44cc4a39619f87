#!/usr/bin/env python3
"""Write alpine.json: Alpine releases, their musl, and what the base image holds.

Usage:
    python3 harness/catalog/convert-alpine.py <git-dir-of-alpinelinux/docker-alpine> [output.json]

Facts come from two public sources, each named per release in the output:

1. https://github.com/alpinelinux/docker-alpine (a git mirror given as the
   argument; nothing is fetched). Each branch vX.Y holds the minirootfs
   tarball(s) the official `alpine:X.Y` Docker image is built from. The script
   reads lib/apk/db/installed (the apk database: every installed package and
   version), etc/alpine-release and the file list from those tarballs, in
   memory, for x86_64 and aarch64. Nothing from them is executed or unpacked
   to disk.
2. https://github.com/docker-library/repo-info, repos/alpine/local/<tag>.md:
   the package list that Docker's official-images tooling recorded from the
   published amd64 image. That repository cannot be mirrored here, so the
   facts read from it (with the tool `read_file`) are transcribed in
   REPO_INFO below, with the commit they were read at. Used for the releases
   the docker-alpine mirror does not reach (3.21 onward, newer edge).

Standard library only (Python 3.11). Output is deterministic.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import tarfile
from pathlib import Path

DOCKER_ALPINE = "https://github.com/alpinelinux/docker-alpine"
REPO_INFO = "https://github.com/docker-library/repo-info"
ARCHES = ("x86_64", "aarch64")

# docker-library/repo-info, repos/alpine/local/<file>, read with read_file.
# tag: the image tag the file describes (its first line); packages: the
# "<name>-<version>" entries of its "apk package" sections, as name=version.
REPO_INFO_FACTS = [
    {
        "release": "3.21", "file": "repos/alpine/local/3.21.8.md", "tag": "3.21.8",
        "commit": "7859ce442d87572265f77dfce85c80f8d40ff85b", "created": "2026-09-17T20:38:22Z",
        "packages": "alpine-baselayout=3.6.8-r1 alpine-baselayout-data=3.6.8-r1 alpine-keys=2.5-r0 "
                    "alpine-release=3.21.8-r0 apk-tools=2.14.6-r3 busybox=1.37.0-r14 busybox-binsh=1.37.0-r14 "
                    "ca-certificates-bundle=20260909-r0 libcrypto3=3.3.7-r1 libssl3=3.3.7-r1 musl=1.2.5-r11 "
                    "musl-utils=1.2.5-r11 scanelf=1.3.8-r1 ssl_client=1.37.0-r14 zlib=1.3.2-r0",
    },
    {
        "release": "3.22", "file": "repos/alpine/local/3.22.md", "tag": "3.22.6",
        "commit": "7859ce442d87572265f77dfce85c80f8d40ff85b", "created": "2026-09-17T20:37:44Z",
        "packages": "alpine-baselayout=3.7.0-r0 alpine-baselayout-data=3.7.0-r0 alpine-keys=2.5-r0 "
                    "alpine-release=3.22.6-r0 apk-tools=2.14.12-r0 busybox=1.37.0-r20 busybox-binsh=1.37.0-r20 "
                    "ca-certificates-bundle=20260909-r0 libapk2=2.14.12-r0 libcrypto3=3.5.8-r0 libssl3=3.5.8-r0 "
                    "musl=1.2.5-r12 musl-utils=1.2.5-r12 scanelf=1.3.8-r1 ssl_client=1.37.0-r20 zlib=1.3.2-r0",
    },
    {
        "release": "3.23", "file": "repos/alpine/local/3.23.6.md", "tag": "3.23.6",
        "commit": "7859ce442d87572265f77dfce85c80f8d40ff85b", "created": "2026-09-17T20:37:33Z",
        "packages": "alpine-baselayout=3.7.2-r0 alpine-baselayout-data=3.7.2-r0 alpine-keys=2.6-r0 "
                    "alpine-release=3.23.6-r0 apk-tools=3.0.8-r0 busybox=1.37.0-r30 busybox-binsh=1.37.0-r30 "
                    "ca-certificates-bundle=20260909-r0 libapk=3.0.8-r0 libcrypto3=3.5.8-r0 libssl3=3.5.8-r0 "
                    "musl=1.2.5-r23 musl-utils=1.2.5-r23 scanelf=1.3.8-r2 ssl_client=1.37.0-r30 zlib=1.3.2-r0",
    },
    {
        "release": "3.24", "file": "repos/alpine/local/3.24.2.md", "tag": "3.24.2",
        "commit": "7859ce442d87572265f77dfce85c80f8d40ff85b", "created": "2026-09-17T20:37:20Z",
        "packages": "alpine-baselayout=3.7.2-r1 alpine-baselayout-data=3.7.2-r1 alpine-keys=2.6-r0 "
                    "alpine-release=3.24.2-r0 apk-tools=3.0.8-r0 busybox=1.37.0-r31 busybox-binsh=1.37.0-r31 "
                    "ca-certificates-bundle=20260909-r0 libapk=3.0.8-r0 libcrypto3=3.5.8-r0 libssl3=3.5.8-r0 "
                    "musl=1.2.6-r2 musl-utils=1.2.6-r2 scanelf=1.3.9-r1 ssl_client=1.37.0-r31 zlib=1.3.2-r0",
    },
    {
        "release": "edge", "file": "repos/alpine/local/edge.md", "tag": "20260805",
        "commit": "d02cab66956d82d9a9bf4afc784400ddd77746db", "created": "2026-08-06T18:11:32Z",
        "packages": "alpine-baselayout=3.7.2-r1 alpine-baselayout-data=3.7.2-r1 alpine-keys=2.6-r0 "
                    "alpine-release=3.25.0_alpha20260805-r0 apk-tools=3.0.7-r0 busybox=1.38.0-r4 "
                    "busybox-binsh=1.38.0-r4 ca-certificates-bundle=20260611-r0 libapk=3.0.7-r0 "
                    "libcrypto3=3.5.7-r0 libssl3=3.5.7-r0 musl=1.2.6-r2 musl-utils=1.2.6-r2 scanelf=1.3.9-r1 "
                    "ssl_client=1.38.0-r4 zlib=1.3.2-r0",
    },
]

CXX_PACKAGES = ("libstdc++", "libgcc", "libgomp", "libatomic")
CXX_FILES = re.compile(r"(^|/)(libstdc\+\+\.so|libgcc_s\.so|libgomp\.so|libatomic\.so)")


def git(repo: Path, *args: str, binary: bool = False):
    out = subprocess.run(["git", "--git-dir", str(repo), *args], check=True, capture_output=True)
    return out.stdout if binary else out.stdout.decode()


def resolve_git_dir(path: Path) -> Path:
    out = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "--absolute-git-dir"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    return Path(out)


def release_key(name: str) -> tuple:
    if name == "edge":
        return (1, ())
    return (0, tuple(int(p) for p in name.split(".")))


def musl_upstream(pkgver: str) -> str:
    """'1.2.4_git20230717' -> '1.2.4'; '1.2.5' -> '1.2.5'."""
    return re.split(r"[_-]", pkgver, maxsplit=1)[0]


def split_pkg(version: str) -> tuple[str, str]:
    """'1.2.4_git20230717-r4' -> ('1.2.4_git20230717', 'r4')."""
    pkgver, _, rel = version.rpartition("-")
    return pkgver, rel


def parse_apk_db(text: str) -> dict[str, str]:
    packages: dict[str, str] = {}
    name = None
    for line in text.splitlines():
        if line.startswith("P:"):
            name = line[2:]
        elif line.startswith("V:") and name is not None:
            packages[name] = line[2:]
        elif not line.strip():
            name = None
    return packages


def read_rootfs(repo: Path, ref: str, path: str) -> dict:
    data = git(repo, "cat-file", "blob", f"{ref}:{path}", binary=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tar:
        members = {m.name.removeprefix("./"): m for m in tar.getmembers()}

        def text(name: str) -> str:
            f = tar.extractfile(members[name])
            assert f is not None
            return f.read().decode()

        packages = parse_apk_db(text("lib/apk/db/installed"))
        alpine_release = text("etc/alpine-release").strip()
        cxx_files = sorted(n for n in members if CXX_FILES.search(n))
        loaders = sorted(n for n in members if re.match(r"lib/ld-musl-[^/]+\.so\.1$", n))
    return {"packages": packages, "alpine_release": alpine_release,
            "cxx_files": cxx_files, "loaders": loaders}


def from_docker_alpine(repo: Path) -> list[dict]:
    releases = []
    refs = git(repo, "for-each-ref", "--format=%(refname:strip=2) %(objectname)", "refs/heads/").split("\n")
    for line in sorted(filter(None, refs)):
        branch, commit = line.split()
        m = re.fullmatch(r"v(\d+\.\d+)", branch)
        if not m and branch != "edge":
            continue
        release = m.group(1) if m else "edge"
        tree = git(repo, "ls-tree", "-r", "--name-only", commit).split("\n")
        per_arch = {}
        for arch in ARCHES:
            tarballs = sorted(p for p in tree if re.fullmatch(rf"{arch}/alpine-minirootfs-[^/]+-{arch}\.tar\.gz", p))
            if len(tarballs) != 1:
                continue
            per_arch[arch] = (tarballs[0], read_rootfs(repo, commit, tarballs[0]))
        if "x86_64" not in per_arch:
            continue
        path, x86 = per_arch["x86_64"]
        musl_version = x86["packages"]["musl"]
        pkgver, _ = split_pkg(musl_version)
        checked = {}
        for arch, (p, info) in per_arch.items():
            checked[arch] = {
                "path": p,
                "alpine_release": info["alpine_release"],
                "musl_package": "musl-" + info["packages"]["musl"],
                "loader": info["loaders"],
                "cxx_runtime_files": info["cxx_files"],
            }
            if info["packages"]["musl"] != musl_version:
                checked[arch]["note"] = "musl package differs from x86_64"
        cxx_pkgs = sorted(p for p in x86["packages"] if p.startswith(CXX_PACKAGES))
        releases.append({
            "release": release,
            "point_release": x86["alpine_release"],
            "musl": musl_upstream(pkgver),
            "musl_pkgver": pkgver,
            "musl_package": "musl-" + musl_version,
            "base_image": {
                "packages": [f"{k}={v}" for k, v in sorted(x86["packages"].items())],
                "libstdcxx": any(p.startswith("libstdc++") for p in x86["packages"]) or any(
                    "libstdc++" in f for f in x86["cxx_files"]),
                "libgcc": "libgcc" in x86["packages"] or any("libgcc_s" in f for f in x86["cxx_files"]),
                "cxx_runtime_packages": cxx_pkgs,
            },
            "source": {
                "repository": DOCKER_ALPINE,
                "branch": branch,
                "commit": commit,
                "path": path,
                "read": "lib/apk/db/installed, etc/alpine-release and the member list of the tarball",
                "arches": checked,
            },
        })
    return releases


def from_repo_info() -> list[dict]:
    releases = []
    for fact in REPO_INFO_FACTS:
        packages = dict(p.split("=", 1) for p in fact["packages"].split())
        pkgver, _ = split_pkg(packages["musl"])
        point = packages["alpine-release"].rpartition("-")[0]
        releases.append({
            "release": fact["release"],
            "point_release": point,
            "musl": musl_upstream(pkgver),
            "musl_pkgver": pkgver,
            "musl_package": "musl-" + packages["musl"],
            "base_image": {
                "packages": [f"{k}={v}" for k, v in sorted(packages.items())],
                "libstdcxx": any(p.startswith("libstdc++") for p in packages),
                "libgcc": "libgcc" in packages,
                "cxx_runtime_packages": sorted(p for p in packages if p.startswith(CXX_PACKAGES)),
            },
            "source": {
                "repository": REPO_INFO,
                "commit": fact["commit"],
                "path": fact["file"],
                "image": f"alpine:{fact['tag']} (linux/amd64, created {fact['created']})",
                "read": "the apk package sections (name-version) of the file, transcribed in convert-alpine.py",
            },
        })
    return releases


def dump(doc: dict) -> str:
    d = lambda v: json.dumps(v, ensure_ascii=False)  # noqa: E731
    out = ["{"]
    keys = [k for k in doc if k != "releases"]
    for k in keys:
        out.append(f"  {d(k)}: " + json.dumps(doc[k], indent=2, ensure_ascii=False).replace("\n", "\n  ") + ",")
    out.append('  "releases": [')
    for i, rel in enumerate(doc["releases"]):
        body = json.dumps(rel, indent=2, ensure_ascii=False)
        # keep the package list on one line
        body = re.sub(r'"packages": \[\n\s+(.*?)\n\s+\]',
                      lambda m: '"packages": [' + re.sub(r",\n\s+", ", ", m.group(1)) + "]", body, flags=re.S)
        body = "    " + body.replace("\n", "\n    ")
        out.append(body + ("," if i + 1 < len(doc["releases"]) else ""))
    out.append("  ]")
    out.append("}")
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    repo = resolve_git_dir(Path(argv[1]))
    output = Path(argv[2]) if len(argv) == 3 else Path(__file__).resolve().parent / "alpine.json"

    docker = from_docker_alpine(repo)
    have = {r["release"] for r in docker if r["release"] != "edge"}
    info = [r for r in from_repo_info() if r["release"] not in have]
    releases = sorted(docker + info, key=lambda r: (release_key(r["release"]), r["point_release"]))

    without_cxx = [r["release"] if r["release"] != "edge" else "edge@" + r["point_release"]
                   for r in releases if not r["base_image"]["libstdcxx"] and not r["base_image"]["libgcc"]]
    doc = {
        "sources": {
            "docker-alpine": {
                "repository": DOCKER_ALPINE,
                "head": git(repo, "rev-parse", "HEAD").strip(),
                "what": "minirootfs tarballs the official alpine Docker image is built from, one branch per release; "
                        "the newest branch in the snapshot read is v3.20 (edge of 2024-09-23)",
            },
            "repo-info": {
                "repository": REPO_INFO,
                "what": "package lists recorded from the published official alpine images (amd64)",
            },
        },
        "base_image_cxx_runtime": {
            "fact": "The alpine base image ships no libstdc++ and no libgcc: no libstdc++, libgcc, libgomp or "
                    "libatomic package is installed and (where the tarball was read) no libstdc++.so*/libgcc_s.so* "
                    "file exists. A C++ or libgcc_s-dependent binary needs `apk add libstdc++` (which pulls libgcc).",
            "holds_for": without_cxx,
            "sources": "per release below: the docker-alpine minirootfs apk database and member list (x86_64 and "
                       "aarch64), or the repo-info package list (amd64)",
        },
        "notes": [
            "musl is the upstream musl release the package is built from; musl_pkgver is Alpine's pkgver. Alpine 3.19's "
            "1.2.4_git20230717 is upstream 1.2.4 plus upstream fixes to 2023-07-17 (last commit 83b858f8); those "
            "commits add no function (checked in upstream musl's history), so treat it as 1.2.4 for symbols.",
            "Releases below 3.21 and edge@3.21.0_alpha20240923 come from the docker-alpine snapshot; 3.21-3.24 and "
            "edge@3.25.0_alpha20260805 come from repo-info, because the docker-alpine snapshot that could be read "
            "ends at v3.20. Only the point release named per release was read (the newest one the source had); "
            "other point releases of a branch may carry another -rN revision of the package.",
            "Alpine 3.24 ships musl 1.2.6 (not 1.2.5, as commonly recorded for '3.20 and later').",
            "Alpine 3.13 already ships musl 1.2.2 (3.12 ships 1.1.24).",
            "Not confirmed from a public source read here, so not recorded: Alpine's own patches to musl (aports "
            "main/musl/APKBUILD per branch; the aports repository was too large to mirror and the indexed copy of "
            "main/musl/APKBUILD is from the 1.1.16 era), and the musl of point releases other than those named.",
        ],
        "releases": releases,
    }
    output.write_text(dump(doc), encoding="utf-8")
    json.loads(output.read_text(encoding="utf-8"))
    print(f"{output}: {len(releases)} releases")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
