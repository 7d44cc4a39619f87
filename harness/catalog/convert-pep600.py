#!/usr/bin/env python3
"""Convert the recorded data of mayeut/pep600_compliance into distributions.json.

Usage:
    python3 harness/catalog/convert-pep600.py <git-dir-of-pep600_compliance> [output.json]

The argument is a (bare or normal) git repository of
https://github.com/mayeut/pep600_compliance. Nothing is fetched: the script
only reads commits already in that repository with `git`.

What it takes, for the architectures x86_64, aarch64 and i686:
  * every cache/<arch>/<distro>-<release>.json at HEAD;
  * every such file that a non-merge commit in HEAD's history deleted and that
    is not at HEAD any more, read at the deleting commit's (first) parent.
    When a path was deleted more than once, the most recent deletion wins.
    A deletion whose blob was re-added unchanged under another path in the
    same commit (an exact rename, e.g. amazonlinux-2022 -> amazonlinux-2023)
    is not a lost release; it is listed under "excluded" instead.

The version sets are copied as the source records them (only re-sorted by
version); known quirks of the source are not corrected.

Standard library only (Python 3.11). Output is deterministic.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

REPOSITORY_URL = "https://github.com/mayeut/pep600_compliance"
LICENCE = "MIT"
ARCHES = ("x86_64", "aarch64", "i686")

# distro name in the file name -> (family, human-readable name)
# Families: debian, ubuntu, rhel (RHEL UBI), rhel-rebuilds, centos (incl. Stream),
# amazon, fedora, opensuse, photon, and a few distributions of their own
# lineage. Anything whose lineage is not clear-cut, and any distro name not in
# this table, gets the family "other" (no guessing).
DISTROS: dict[str, tuple[str, str]] = {
    "debian": ("debian", "Debian"),
    "ubuntu": ("ubuntu", "Ubuntu"),
    "rhubi": ("rhel", "Red Hat Universal Base Image"),
    "rockylinux": ("rhel-rebuilds", "Rocky Linux"),
    "almalinux": ("rhel-rebuilds", "AlmaLinux"),
    "oraclelinux": ("rhel-rebuilds", "Oracle Linux"),
    "centos": ("centos", "CentOS"),  # "CentOS Stream" for stream* releases
    "amazonlinux": ("amazon", "Amazon Linux"),
    "fedora": ("fedora", "Fedora"),
    "opensuse": ("opensuse", "openSUSE"),  # "openSUSE Leap"/"Tumbleweed" below
    "photon": ("photon", "VMware Photon OS"),
    "manylinux": ("manylinux", "manylinux build image (PyPA)"),
    "mageia": ("mageia", "Mageia"),
    "slackware": ("slackware", "Slackware"),
    "archlinux": ("archlinux", "Arch Linux"),
    "alt": ("alt", "ALT Linux"),
    "anolisos": ("other", "Anolis OS"),
    "opencloudos": ("other", "OpenCloudOS"),
    "openeuler": ("other", "openEuler"),
    "clearlinux": ("other", "Clear Linux OS"),
}

ARCH_ORDER = {a: i for i, a in enumerate(ARCHES)}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(repo), *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def resolve_git_dir(path: Path) -> Path:
    out = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "--absolute-git-dir"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return Path(out)


def natural_key(text: str) -> tuple:
    """Numeric-component compare: '2.10' > '2.9'; non-numeric parts after numbers."""
    key = []
    for part in re.split(r"[._]", text):
        if part.isdigit():
            key.append((0, int(part), ""))
        else:
            key.append((1, 0, part))
    return tuple(key)


def version_key(text: str) -> tuple:
    """Sort key for symbol versions: purely numeric versions first, by their
    numeric components; names such as TM_1, FLOAT128, ABI_DT_RELR after them."""
    parts = text.split(".")
    if all(p.isdigit() for p in parts):
        return (0, tuple(int(p) for p in parts), "")
    return (1, (), text)


def split_name(stem: str) -> tuple[str, str]:
    distro, _, release = stem.rpartition("-")
    if not distro:
        raise ValueError(f"unexpected cache file name: {stem}")
    return distro, release


def human_name(distro: str, release: str) -> str:
    name = DISTROS.get(distro, ("other", distro))[1]
    if distro == "centos" and release.startswith("stream"):
        return "CentOS Stream"
    if distro == "opensuse":
        return "openSUSE Tumbleweed" if release == "tumbleweed" else "openSUSE Leap"
    return name


def lifecycle_from_readme(readme: str) -> dict[str, str]:
    """Map '<distro>-<release>' -> the support text of its README badge, e.g.
    'EOL:2029-05-31 / ELTS:2032-05-31', 'rolling' or 'unknown'."""
    result: dict[str, str] = {}
    pattern = re.compile(r"^\.\. \|([^|]+)\| image:: \S*?[?&]message=([^&\s]+)", re.M)
    for name, message in pattern.findall(readme):
        text = unquote(message)
        m = re.search(r"\((.*)\)\s*$", text)
        if m:
            result[name] = m.group(1)
    return result


class Reader:
    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self._readme: dict[str, dict[str, str]] = {}

    def show(self, commit: str, path: str) -> str:
        return git(self.repo, "show", f"{commit}:{path}")

    def lifecycle(self, commit: str, stem: str) -> str | None:
        if commit not in self._readme:
            try:
                text = self.show(commit, "README.rst")
            except subprocess.CalledProcessError:
                text = ""
            self._readme[commit] = lifecycle_from_readme(text)
        return self._readme[commit].get(stem)


def wanted(path: str) -> bool:
    parts = path.split("/")
    return (
        len(parts) == 3
        and parts[0] == "cache"
        and parts[1] in ARCHES
        and parts[2].endswith(".json")
    )


def head_files(repo: Path, head: str) -> list[str]:
    names = git(repo, "ls-tree", "-r", "--name-only", head, "--", "cache").splitlines()
    return sorted(p for p in names if wanted(p))


def deleted_files(repo: Path, head: str, at_head: set[str]):
    """Yield (path, deleting commit, parent, subject) for releases deleted in
    HEAD's history, and (path, commit, renamed_to) for exact renames."""
    deletions: dict[str, tuple[str, str, str]] = {}
    renames: dict[str, tuple[str, str]] = {}
    # newest first; the first deletion seen for a path is the most recent one
    commits = git(repo, "rev-list", "--no-merges", head).split()
    for commit in commits:
        raw = git(
            repo, "diff-tree", "-r", "--no-renames", "--no-commit-id", "--root",
            commit, "--", "cache",
        )
        removed: dict[str, str] = {}
        added_blobs: dict[str, str] = {}
        for line in raw.splitlines():
            if not line.startswith(":"):
                continue
            meta, path = line.split("\t", 1)
            _, _, old_blob, new_blob, status = meta[1:].split(" ")
            if status == "D":
                removed[path] = old_blob
            elif status == "A":
                added_blobs.setdefault(new_blob, path)
        if not removed:
            continue
        parent = git(repo, "rev-parse", f"{commit}^").strip()
        subject = git(repo, "log", "-1", "--format=%s", commit).strip()
        for path, blob in removed.items():
            if not wanted(path) or path in at_head or path in deletions:
                continue
            if blob in added_blobs:
                renames.setdefault(path, (commit, added_blobs[blob]))
                continue
            deletions[path] = (commit, parent, subject)
    # a rename that was later (or earlier) also a real deletion is recovered
    renames = {p: v for p, v in renames.items() if p not in deletions}
    return deletions, renames


def load_release(reader: Reader, commit: str, path: str) -> dict:
    data = json.loads(reader.show(commit, path))
    arch, filename = path.split("/")[1:]
    stem = filename[: -len(".json")]
    distro, release = split_name(stem)
    family = DISTROS.get(distro, ("other", distro))[0]
    versions = {
        fam: sorted(vals, key=version_key)
        for fam, vals in sorted(data.get("symbols", {}).items())
    }
    entry: dict = {
        "id": stem,
        "family": family,
        "distro": distro,
        "name": human_name(distro, release),
        "release": release,
        "arch": arch,
        "glibc": data["glibc_version"],
        "versions": versions,
    }
    extra = data.get("extra")
    if isinstance(extra, list):
        entry["libraries"] = sorted(extra)
    lifecycle = reader.lifecycle(commit, stem)
    if lifecycle is not None:
        entry["lifecycle"] = lifecycle
    entry["file"] = path
    entry["commit"] = commit
    return entry


def dump(doc: dict) -> str:
    """JSON with one field per line for each release and one symbol family per
    line, so that a change to one release shows as a small diff."""
    d = lambda v: json.dumps(v, ensure_ascii=False)  # noqa: E731
    out = ["{"]
    out.append('  "source": ' + json.dumps(doc["source"], indent=2, ensure_ascii=False).replace("\n", "\n  ") + ",")
    out.append('  "notes": ' + json.dumps(doc["notes"], indent=2, ensure_ascii=False).replace("\n", "\n  ") + ",")
    out.append('  "excluded": ' + json.dumps(doc["excluded"], indent=2, ensure_ascii=False).replace("\n", "\n  ") + ",")
    out.append('  "releases": [')
    for i, rel in enumerate(doc["releases"]):
        fields = []
        for key, value in rel.items():
            if key == "versions":
                inner = ",\n".join(f"        {d(k)}: {d(v)}" for k, v in value.items())
                fields.append('      "versions": {\n' + inner + "\n      }")
            else:
                fields.append(f"      {d(key)}: {d(value)}")
        sep = "," if i + 1 < len(doc["releases"]) else ""
        out.append("    {\n" + ",\n".join(fields) + "\n    }" + sep)
    out.append("  ]")
    out.append("}")
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    repo = resolve_git_dir(Path(argv[1]))
    here = Path(__file__).resolve().parent
    output = Path(argv[2]) if len(argv) == 3 else here / "distributions.json"
    reader = Reader(repo)

    head = git(repo, "rev-parse", "HEAD").strip()
    licence_text = reader.show(head, "LICENSE")
    notice = next(
        (ln.strip() for ln in licence_text.splitlines() if ln.strip().lower().startswith("copyright")),
        "",
    )

    at_head = head_files(repo, head)
    deletions, renames = deleted_files(repo, head, set(at_head))

    releases = [load_release(reader, head, p) for p in at_head]
    for path, (commit, parent, subject) in deletions.items():
        entry = load_release(reader, parent, path)
        entry["eol"] = True
        entry["deleted_by"] = {"commit": commit, "subject": subject}
        releases.append(entry)

    releases.sort(
        key=lambda r: (ARCH_ORDER[r["arch"]], r["family"], r["distro"], natural_key(r["release"]))
    )

    excluded = [
        {"file": path, "renamed_to": new_path, "by_commit": commit,
         "reason": "exact rename (same blob re-added under another name in the same commit); not a lost release"}
        for path, (commit, new_path) in sorted(renames.items())
    ]

    doc = {
        "source": {
            "repository": REPOSITORY_URL,
            "commit": head,
            "commit_date": git(repo, "log", "-1", "--format=%cI", head).strip(),
            "licence": LICENCE,
            "notice": notice,
            "licence_file": "LICENSE.pep600_compliance",
        },
        "notes": [
            "versions: symbol version names (family prefix removed, *_PRIVATE dropped by the source) that the "
            "manylinux policy's whitelisted libraries define (.gnu.version_d) in that release's container image "
            "after the source installed libstdc++, libatomic, zlib etc.; so GLIBCXX/CXXABI/GCC/LIBATOMIC describe "
            "those packages as installable, not the bare base image.",
            "A family missing from versions (e.g. LIBATOMIC or ZLIB in older files) was not measured by the source at "
            "that time; it does not mean the library is absent.",
            "glibc is the source's glibc_version (gnu_get_libc_version). Decide compatibility from versions.GLIBC, not "
            "from glibc. Quirks, recorded as the source has them and not corrected: aarch64 releases with glibc 2.17 "
            "(CentOS 7, Oracle Linux 7, manylinux2014) list GLIBC_2.18; every aarch64 release lists GLIBC_2.0 besides "
            "its 2.17 baseline; i686 manylinux-2_34 (glibc 2.34) lists GLIBC_2.35; glibc 2.19-2.21 and 2.37 define no "
            "version name of their own, so those releases top out at GLIBC_2.18 or GLIBC_2.36.",
            "libraries: the source's 'extra' field: shared libraries the release's Python interpreter(s) link against "
            "beyond libc/libm/libdl/libpthread/librt/libutil/libgcc_s and the dynamic loader. Omitted where the source "
            "has no such list.",
            "lifecycle: the support text of the release's badge in the source's README.rst at the commit read "
            "(e.g. 'EOL:2029-05-31 / ELTS:2032-05-31', 'rolling', 'unknown'); omitted when there is no badge.",
            "eol/deleted_by: the release is no longer at the source's HEAD; its file was read at the parent of the "
            "commit that deleted it (commit).",
            "The source's per-symbol list of libz.so.1 is not copied.",
        ],
        "excluded": excluded,
        "releases": releases,
    }
    output.write_text(dump(doc), encoding="utf-8")
    json.loads(output.read_text(encoding="utf-8"))  # self-check: valid JSON
    (output.parent / "LICENSE.pep600_compliance").write_text(licence_text, encoding="utf-8")
    print(f"{output}: {len(releases)} releases ({len(deletions)} recovered from history), source {head}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
