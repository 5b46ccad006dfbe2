"""A course (scenes/build.py --course): the course file, equal renders shared, the course page, the
lock on an output folder, and the same course on a real Dask cluster started here on 127.0.0.1
(Dask's own `dask scheduler` and `dask worker` programs): the same files as a local build, a killed
worker's render run again elsewhere, a worker of other code refused, a scheduler that goes away."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scenetools import ROOT, project_copy

BUILD = ROOT / "scenes" / "build.py"
DASK = Path(sys.executable).with_name("dask")
CHAPTERS = "intro,counting"  # two short chapters keep each build to seconds


def course_file(folder: Path, lessons: str, head: str = "") -> Path:
    path = folder / "course.toml"
    path.write_text(f'voice = "off"\nassets = "{ROOT / "assets"}"\n{head}\n{lessons}')
    return path


TWO = '''
[[lessons]]
name = "dark"

[[lessons]]
name = "dark-copy"
title = "The same lesson again"

[[lessons]]
name = "light"
theme = "light"
'''


def env_for(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LESSON_", "DASK_"))}
    return {**env, "NETLESSON_CACHE": str(tmp / "cache")}


def build(tmp: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BUILD), *args], cwd=tmp, env=env_for(tmp), capture_output=True,
                          text=True, timeout=timeout)


def checksums(out: Path) -> dict[str, str]:
    """Every file each lesson's manifest lists, by lesson/file: its recorded SHA-256, checked against the file."""
    found = {}
    for manifest_path in sorted(out.glob("*/manifest.json")):
        manifest = json.loads(manifest_path.read_text())
        for entry in manifest["chapters"].values():
            for f in entry["files"]:
                data = (manifest_path.parent / f["file"]).read_bytes()
                assert hashlib.sha256(data).hexdigest() == f["sha256"], f"{manifest_path.parent.name}/{f['file']}"
                found[f"{manifest_path.parent.name}/{f['file']}"] = f["sha256"]
    return found


# --- the course file --------------------------------------------------------------------------------

@pytest.mark.parametrize("lessons, message", [
    ('[[lessons]]\nname = "a"\ncolour = "red"', "lesson 'a': unknown key 'colour'"),
    ('[[lessons]]\nname = "a"\nquality = "x"', "lesson 'a': quality must be one of l, m, h"),
    ('[[lessons]]\nname = "a"\n[[lessons]]\nname = "A"', "lesson 'A': the name is used twice"),
    ('[[lessons]]\ntheme = "light"', "lesson 1 has no name"),
    ('[[lessons]]\nname = "../up"', "lesson '../up': a name is a folder name"),
    ('[[lessons]]\nname = "a"\nrate = [1, 2]', "lesson 'a': rate must be a word"),
    ('name = "oops"', "unknown key 'name'"),
    ("", "no lessons"),
    ("[[lessons]\n", "not valid TOML"),
])
def test_bad_course_file_names_the_lesson_and_key(tmp_path, lessons, message):
    path = course_file(tmp_path, lessons)
    r = build(tmp_path, "--course", str(path), "--out", str(tmp_path / "renders"))
    assert r.returncode == 2 and message in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert not (tmp_path / "renders").exists() or not any((tmp_path / "renders").iterdir())


def test_bad_value_in_one_lesson_stops_before_anything_renders(tmp_path):
    path = course_file(tmp_path, TWO + '\n[[lessons]]\nname = "pink"\ntheme = "pink"\n')
    r = build(tmp_path, "--course", str(path), "--out", str(tmp_path / "renders"))
    assert r.returncode == 2 and "lesson 'pink'" in r.stderr and "unknown theme 'pink'" in r.stderr, r.stderr
    assert not list((tmp_path / "renders").rglob("*.mp4")) if (tmp_path / "renders").exists() else True
    r = build(tmp_path, "--course", str(path), "--voice", "flite")
    assert r.returncode == 2 and "--voice is a lesson's setting" in r.stderr
    r = build(tmp_path, "--course", str(tmp_path / "missing.toml"))
    assert r.returncode == 2 and "course file" in r.stderr and "not found" in r.stderr
    r = build(tmp_path, "--course", str(path), "--scheduler", "http://nowhere")
    assert r.returncode == 2 and r.stderr.startswith("error: --scheduler 'http://nowhere' is not a Dask scheduler")
    single = tmp_path / "single"
    single.mkdir()
    (single / "manifest.json").write_text("{}")
    r = build(tmp_path, "--course", str(course_file(tmp_path, TWO)), "--out", str(single))
    assert r.returncode == 2 and "holds a single lesson" in r.stderr, r.stderr


def test_a_course_lesson_takes_exactly_the_keys_of_lesson_toml():
    from lessonfarm import course
    from lessonkit import lesson

    assert set(course.SETTING_KEYS) == set(lesson.KEYS) and course.ALIASES == lesson.ALIASES


def test_course_paths_are_read_from_the_course_folder(tmp_path):
    from lessonfarm.course import read_course

    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "course.toml"
    path.write_text('quality = "m"\nassets = "../my-set"\n[[lessons]]\nname = "a"\nitem = 3\n'
                    '[[lessons]]\nname = "b"\nitem = "me.png"\nquality = "h"\ndescribed = true\n')
    course = read_course(path)
    a, b = course.lessons
    assert a.settings["assets"] == str(tmp_path / "my-set") and a.settings["item"] == "3" and a.quality == "m"
    assert b.settings["item"] == str(tmp_path / "sub" / "me.png") and b.quality == "h"
    assert b.settings["described"] == "on" and course.language == "en"


# --- files sent to workers ----------------------------------------------------------------------------

def test_files_are_sent_by_digest_and_checked(tmp_path):
    from lessonfarm import files

    src = tmp_path / "set"
    (src / "sub").mkdir(parents=True)
    (src / "a.npz").write_bytes(b"weights")
    (src / "sub" / "b.txt").write_bytes(b"names")
    image = tmp_path / "mine.png"
    image.write_bytes(b"png")
    settings = {"assets": str(src), "item": str(image), "weights": "", "voice": "off", "narration": "", "script": ""}
    plan, blobs = files.collect(settings, [])
    assert set(blobs) == {hashlib.sha256(d).hexdigest() for d in (b"weights", b"names", b"png")}
    data = {digest: path.read_bytes() for digest, path in blobs.items()}
    made = files.materialize(settings, plan, data, tmp_path / "worker")
    assert Path(made["assets"]).name == "set" and (Path(made["assets"]) / "sub" / "b.txt").read_bytes() == b"names"
    assert Path(made["item"]).name == "mine.png" and Path(made["item"]).read_bytes() == b"png"
    assert made["voice"] == "off" and str(tmp_path / "worker") in made["assets"]
    again = files.materialize(settings, plan, {}, tmp_path / "worker")  # kept: nothing needs sending again
    assert again == made
    (src / "a.npz").write_bytes(b"other weights")  # another file under the same name is another folder
    plan2, blobs2 = files.collect(settings, [])
    made2 = files.materialize(settings, plan2, {d: p.read_bytes() for d, p in blobs2.items()}, tmp_path / "worker")
    assert made2["assets"] != made["assets"] and (Path(made2["assets"]) / "a.npz").read_bytes() == b"other weights"
    bad = {digest: b"tampered" for digest in blobs2}
    with pytest.raises(ValueError, match="do not match"):
        files.materialize(settings, plan2, bad, tmp_path / "elsewhere")
    assert not list((tmp_path / "elsewhere").rglob("*.npz"))


def test_the_farm_and_the_course_page_need_no_manim():
    code = ("import sys, lessonfarm.course, lessonfarm.files, lessonfarm.cluster, lessonfarm.worker, lessonfarm.lock, "
            "lessonpublish.course; assert 'manim' not in sys.modules, 'manim imported'")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr


def test_course_page_in_the_course_language():
    import lessonscript
    from lessonpublish.course import render_course_page

    manifest = {"topic": {"title": "MNIST", "sizes": [784, 16, 16, 10]}, "script": {"language": "de"},
                "chapters": {"intro": {"quality": "low_quality", "files": [{"file": "01-intro.png"}]}},
                "lesson": {"duration": 810.0}}
    lessons = [{"name": "ziffern", "title": "", "folder": "ziffern", "manifest": manifest, "theme": "light"}]
    page = render_course_page("", lessons, lessonscript.load("de", None, True))
    assert '<html lang="de">' in page and "Lektionen über neuronale Netze" in page
    assert "784-16-16-10-Netz" in page and "helles Design" in page and "13,5 min" in page
    assert 'href="ziffern/index.html"' in page and 'src="ziffern/01-intro.png"' in page and "Deutsch" in page


# --- a course built on this machine -------------------------------------------------------------------

@pytest.fixture(scope="module")
def local_course(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("local")
    path = course_file(tmp, TWO, head='title = "Three lessons"')
    r = build(tmp, "--course", str(path), "--only", CHAPTERS, "--out", str(tmp / "renders"))
    return tmp, path, r


def test_course_builds_locally_with_equal_renders_shared(local_course):
    tmp, path, r = local_course
    assert r.returncode == 0, r.stderr
    out = tmp / "renders"
    # dark and dark-copy need the same renders: 4 renders, not 6
    assert "[4/4]" in r.stderr and "[5/" not in r.stderr and "2 of them shared" in r.stderr, r.stderr
    assert r.stderr.count("the same render, copied") == 2
    sums = checksums(out)
    assert all(sums[key] == sums[key.replace("dark/", "dark-copy/", 1)] for key in sums if key.startswith("dark/"))
    for name in ("01-intro.mp4", "06-counting.webm", "06-counting.png"):  # the light theme's pictures differ
        assert sums[f"dark/{name}"] != sums[f"light/{name}"]
    page = (out / "index.html").read_text()
    assert "<h1>Three lessons</h1>" in page and "The same lesson again" in page
    for name in ("dark", "dark-copy", "light"):
        assert f'href="{name}/index.html"' in page and (out / name / "index.html").is_file()
        assert f'src="{name}/01-intro.png"' in page
    assert "light theme" in page and "dark theme" in page
    again = build(tmp, "--course", str(path), "--only", CHAPTERS, "--out", str(out))
    assert again.returncode == 0 and again.stderr.count("0 scene(s) to render") == 3, again.stderr


def test_a_new_lesson_copies_what_another_lesson_has(local_course, tmp_path):
    tmp, path, _ = local_course
    out = tmp_path / "renders"
    import shutil

    shutil.copytree(tmp / "renders", out)
    path.with_name("more.toml").write_text(path.read_text() + '\n[[lessons]]\nname = "dark-third"\n')
    r = build(tmp, "--course", str(path.with_name("more.toml")), "--only", CHAPTERS, "--out", str(out))
    assert r.returncode == 0 and "copied: another lesson has it" in r.stderr and "[2/2]" in r.stderr, r.stderr
    sums = checksums(out)
    assert sums["dark-third/01-intro.mp4"] == sums["dark/01-intro.mp4"]


def test_a_second_build_into_the_same_folder_waits(tmp_path):
    path = course_file(tmp_path, '[[lessons]]\nname = "a"\n')
    args = [sys.executable, str(BUILD), "--course", str(path), "--out", str(tmp_path / "r"), "--only"]
    first = subprocess.Popen(args + ["weights"], cwd=tmp_path, env=env_for(tmp_path), stderr=subprocess.PIPE,
                             text=True)
    first.stderr.readline()  # it holds the lock once it says what it will render
    second = subprocess.run(args + ["counting", "--force"], cwd=tmp_path, env=env_for(tmp_path), capture_output=True, text=True,
                            timeout=600)
    first_err = first.stderr.read()
    assert first.wait(timeout=600) == 0, first_err
    assert second.returncode == 0, second.stderr
    assert "waiting: another build" in second.stderr and str(tmp_path / "r") in second.stderr
    assert "1 scene(s) to render" in second.stderr
    checksums(tmp_path / "r")
    assert not (tmp_path / "r" / ".build.lock").exists()  # nothing of the lock is left


# --- the same course on a Dask cluster ----------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DaskCluster:
    """`dask scheduler` and `dask worker` programs on 127.0.0.1, each render slot one scene at a time."""

    def __init__(self, tmp: Path):
        self.tmp, self.port = tmp, free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.procs: list[subprocess.Popen] = []
        self.workers: dict[str, subprocess.Popen] = {}
        self.scheduler = self._start([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(self.port),
                                      "--no-dashboard"], "scheduler")

    def _start(self, cmd: list[str], name: str, env: dict | None = None) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "w")
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env or env_for(self.tmp),
                                cwd=self.tmp, start_new_session=True)
        self.procs.append(proc)
        return proc

    def add_worker(self, env: dict | None = None) -> str:
        port = free_port()
        address = f"tcp://127.0.0.1:{port}"
        self.workers[address] = self._start([str(DASK), "worker", self.address, "--host", "127.0.0.1",
                                             "--worker-port", str(port), "--nthreads", "1", "--no-nanny",
                                             "--resources", "render=1", "--no-dashboard", "--death-timeout", "60"],
                                            f"worker-{port}", env)
        return address

    def wait_for(self, n: int) -> None:
        from distributed import Client

        with Client(self.address, timeout="30s") as client:
            client.wait_for_workers(n, timeout=60)

    def close(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@pytest.fixture
def cluster(tmp_path):
    c = DaskCluster(tmp_path)
    try:
        c.add_worker()
        c.add_worker()
        c.wait_for(2)
        yield c
    finally:
        c.close()


def test_the_same_course_on_a_dask_cluster(local_course, cluster, tmp_path):
    tmp, path, local = local_course
    assert local.returncode == 0
    out = tmp_path / "renders"
    r = build(tmp, "--course", str(path), "--only", CHAPTERS, "--out", str(out), "--scheduler", cluster.address)
    assert r.returncode == 0, r.stderr
    assert f"on {cluster.address}, 2 at a time" in r.stderr
    started = [line for line in r.stderr.splitlines() if ": rendering on 127.0.0.1:" in line]
    assert len(started) == 4, r.stderr  # the shared renders were not made twice
    assert {line.rsplit(" ", 1)[1] for line in started} <= {a.removeprefix("tcp://") for a in cluster.workers}
    here, there = checksums(tmp / "renders"), checksums(out)
    assert here == there  # every file of every lesson, byte for byte
    assert (out / "index.html").read_text() == (tmp / "renders" / "index.html").read_text()
    # DASK_SCHEDULER_ADDRESS names the cluster too; nothing changed, so nothing renders
    env = {**env_for(tmp), "DASK_SCHEDULER_ADDRESS": cluster.address}
    again = subprocess.run([sys.executable, str(BUILD), "--course", str(path), "--only", CHAPTERS, "--out", str(out)],
                           cwd=tmp, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and again.stderr.count("0 scene(s) to render") == 3, again.stderr


def test_a_killed_worker_loses_nothing(cluster, tmp_path):
    path = course_file(tmp_path, '[[lessons]]\nname = "a"\n[[lessons]]\nname = "b"\ntheme = "light"\n')
    out = tmp_path / "renders"
    proc = subprocess.Popen([sys.executable, str(BUILD), "--course", str(path), "--only", CHAPTERS, "--out", str(out),
                             "--scheduler", cluster.address], cwd=tmp_path, env=env_for(tmp_path),
                            stderr=subprocess.PIPE, text=True)
    lines, killed = [], None
    for line in proc.stderr:
        lines.append(line)
        if killed is None and ": rendering on 127.0.0.1:" in line:
            label, where = line.split("→ ", 1)[1].split(": rendering on ")
            killed = (label, "tcp://" + where.strip())
            time.sleep(1.0)  # mid-render
            cluster.workers[killed[1]].kill()
    assert proc.wait(timeout=600) == 0, "".join(lines)
    text = "".join(lines)
    assert killed and text.count(f"→ {killed[0]}: rendering on") == 2, text  # run again, elsewhere
    sums = checksums(out)
    assert len(sums) == 2 * 2 * 9  # two lessons, two chapters, nine files each: all there, all verified
    assert not list(out.rglob("*.part")) and not list(out.rglob(".work-*"))


def test_a_worker_with_other_code_is_refused(tmp_path):
    other = project_copy(tmp_path / "other")
    (other / "scenes" / "intro.py").write_text((other / "scenes" / "intro.py").read_text() + "\n# changed\n")
    c = DaskCluster(tmp_path)
    try:
        env = {**env_for(tmp_path), "PYTHONPATH": f"{other / 'scenes'}{os.pathsep}{other}"}
        address = c.add_worker(env)
        c.wait_for(1)
        path = course_file(tmp_path, '[[lessons]]\nname = "a"\n')
        r = build(tmp_path, "--course", str(path), "--only", "counting", "--out", str(tmp_path / "r"),
                  "--scheduler", c.address)
    finally:
        c.close()
    assert r.returncode == 2, r.stderr
    line = r.stderr.strip()
    assert line.startswith(f"error: refused worker {address}: it has netlesson ") and "\n" not in line, line
    codes = [part.split(")")[0] for part in line.split("(code ")[1:]]
    assert len(codes) == 2 and codes[0] != codes[1] and line.count("with Manim ") == 2, line
    assert not list((tmp_path / "r").rglob("*.mp4"))


def test_a_scheduler_that_goes_away_stops_the_build_in_one_line(tmp_path):
    c = DaskCluster(tmp_path)
    try:
        c.add_worker()
        c.wait_for(1)
        path = course_file(tmp_path, '[[lessons]]\nname = "a"\n')
        proc = subprocess.Popen([sys.executable, str(BUILD), "--course", str(path), "--only", "weights,counting",
                                 "--out", str(tmp_path / "r"), "--scheduler", c.address], cwd=tmp_path,
                                env=env_for(tmp_path), stderr=subprocess.PIPE, text=True)
        lines = []
        for line in proc.stderr:
            lines.append(line)
            if ": rendering on" in line:
                os.killpg(c.scheduler.pid, signal.SIGKILL)
                break
        lines += proc.stderr.readlines()
        status = proc.wait(timeout=300)
    finally:
        c.close()
    text = "".join(lines)
    assert status == 1, text
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1 and "the Dask scheduler at" in errors[0] and "went away" in errors[0], text
    assert lines[-1] == errors[0] and "Traceback" not in text and "ERROR" not in text
    assert json.loads((tmp_path / "r" / "a" / "manifest.json").read_text())["chapters"] == {}
    assert not list((tmp_path / "r").rglob("*.part")) and not list((tmp_path / "r").rglob(".work-*"))


def test_ctrl_c_stops_the_renders_on_the_cluster(cluster, tmp_path):
    path = course_file(tmp_path, '[[lessons]]\nname = "a"\nquality = "m"\n')  # layers at 720p: about a minute
    out = tmp_path / "renders"
    args = [sys.executable, str(BUILD), "--course", str(path), "--only", "layers,counting", "--out", str(out),
            "--scheduler", cluster.address]
    proc = subprocess.Popen(args, cwd=tmp_path, env=env_for(tmp_path), stderr=subprocess.PIPE, text=True)
    lines = []
    for line in proc.stderr:
        lines.append(line)
        if ": rendering on" in line:
            time.sleep(1.0)
            proc.send_signal(signal.SIGINT)
            sent = time.monotonic()
            break
    lines += proc.stderr.readlines()
    assert proc.wait(timeout=120) == 130, "".join(lines)
    assert time.monotonic() - sent < 15, "the build waited for the cluster's renders to finish"
    assert "interrupted." in "".join(lines) and "Traceback" not in "".join(lines)
    assert not list(out.rglob("*.part")) and not list(out.rglob(".work-*"))
    import psutil

    def renders() -> list:  # the Manim processes the workers started
        found = []
        for w in cluster.workers.values():
            for child in psutil.Process(w.pid).children(recursive=True):
                try:
                    found += [child] if "manim" in " ".join(child.cmdline()) else []
                except psutil.Error:  # it ended while we looked
                    pass
        return found

    deadline = time.monotonic() + 12  # layers renders for longer than this: stopped, not finished
    while renders() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not renders()  # the renders under way on the cluster were stopped, not left to finish
    manifest = json.loads((out / "a" / "manifest.json").read_text())
    assert "layers" not in manifest["chapters"]  # not finished, so the next run makes it (as on one machine)


def test_scheduler_addresses_and_what_is_tried_again():
    from lessonfarm.cluster import ClusterError, address_from
    from lessonfarm.worker import machine_trouble

    assert address_from(None, {}) is None and address_from("", {"DASK_SCHEDULER_ADDRESS": "tcp://a:1"}) is None
    assert address_from(None, {"DASK_SCHEDULER_ADDRESS": "dask_scheduler:8786"}) == "tcp://dask_scheduler:8786"
    assert address_from("tls://10.0.0.7:8786", {}) == "tls://10.0.0.7:8786"
    for bad in ("http://host:8786", "tcp://", "tcp://host:port", "host with space"):
        with pytest.raises(ClusterError, match="not a Dask scheduler's address"):
            address_from(bad, {})
    assert machine_trouble("OSError: [Errno 28] No space left on device")
    assert machine_trouble("manim exited with status -9")
    assert not machine_trouble("KeyError: 'layers.verdict-right'") and not machine_trouble("error: unknown theme 'pink'")
