"""The files a scene's render reads, sent to a worker that shares no disk with the build: named by
their SHA-256 (content-addressed), so a worker keeps each file once however many lessons and
scenes use it, and a file changed under the same name is a new file."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from netcore.atomic import atomic_open
from netcore.mnist import sha256

# A setting that names a folder is sent whole (assets, script: its .po files); narration sends
# only the chapter's takes; weights, item and a Piper voice are single files.
FOLDERS = {"assets": "*", "script": "*.po"}
FILES = ("weights", "item")


def _entry(base: str, files: list[tuple[str, Path]], blobs: dict[str, Path]) -> dict:
    listed = []
    for rel, path in sorted(files):
        digest = sha256(path)
        blobs[digest] = path
        listed.append([rel, digest])
    return {"base": base, "files": listed}


def _folder(folder: Path, pattern: str) -> list[tuple[str, Path]]:
    return [(p.relative_to(folder).as_posix(), p) for p in folder.rglob(pattern) if p.is_file()
            and "__pycache__" not in p.parts]


def collect(settings: dict[str, str], takes: list[Path]) -> tuple[dict, dict[str, Path]]:
    """What a render with ``settings`` reads from this machine's disk: a plan ({setting: {base,
    files: [[relative path, sha256], ...]}}) and the files themselves by digest. ``takes``: the
    folders of this scene's recorded takes (build.takes_folders)."""
    plan, blobs = {}, {}
    for key, pattern in FOLDERS.items():
        if settings.get(key) and Path(settings[key]).is_dir():
            folder = Path(settings[key])
            plan[key] = _entry(folder.name, _folder(folder, pattern), blobs)
    for key in FILES:
        if settings.get(key) and Path(settings[key]).is_file():
            path = Path(settings[key])
            plan[key] = _entry("", [(path.name, path)], blobs)
    if settings.get("narration") and Path(settings["narration"]).is_dir():
        folder = Path(settings["narration"])
        found = [(p.relative_to(folder).as_posix(), p) for t in takes if t.is_dir() for p in t.iterdir() if p.is_file()]
        plan["narration"] = _entry(folder.name, found, blobs)
    engine, _, model = str(settings.get("voice", "")).partition(":")
    if engine == "piper" and model and Path(model).is_file():
        model_path = Path(model)
        pair = [(model_path.name, model_path)]
        config = model_path.with_name(model_path.name + ".json")
        if config.is_file():
            pair.append((config.name, config))
        plan["voice"] = _entry("", pair, blobs)
    return plan, blobs


def materialize(settings: dict[str, str], plan: dict, blobs: dict[str, bytes], cache: Path) -> dict[str, str]:
    """``settings`` with each path in ``plan`` pointing at a copy under ``cache`` made from ``blobs``
    (kept: the next scene that needs the same files finds them there). Each file is checked against
    its digest and written whole (a temporary file, renamed)."""
    out = dict(settings)
    for key, entry in plan.items():
        digest = hashlib.sha256(json.dumps(entry, sort_keys=True).encode()).hexdigest()
        top = cache / "course-files" / digest
        folder = top / entry["base"] if entry["base"] else top
        for rel, sha in entry["files"]:
            target = folder / rel
            if target.is_file():
                continue
            data = blobs[sha]
            if hashlib.sha256(data).hexdigest() != sha:
                raise ValueError(f"{rel}: the bytes received do not match their SHA-256 {sha[:12]}")
            with atomic_open(target) as f:
                f.write(data)
        if key == "voice":
            out[key] = "piper:" + str(folder / entry["files"][0][0])
        elif key in FILES:
            out[key] = str(folder / entry["files"][0][0])
        else:
            folder.mkdir(parents=True, exist_ok=True)
            out[key] = str(folder)
    return out
