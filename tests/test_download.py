"""The downloader against a small HTTP server on 127.0.0.1 serving files this test makes."""
import hashlib
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from netcore import NetcoreError
from netcore.download import download


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "mirror"
    root.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def test_good_file_downloaded_and_verified(server, tmp_path):
    root, url = server
    (root / "good.gz").write_bytes(b"good bytes")
    dest = tmp_path / "out"
    download(dest, (url,), {"good.gz": sha(b"good bytes")}, log=lambda s: None)
    assert (dest / "good.gz").read_bytes() == b"good bytes"
    assert [p.name for p in dest.iterdir()] == ["good.gz"]


def test_corrupt_and_missing_files_leave_nothing(server, tmp_path):
    root, url = server
    (root / "good.gz").write_bytes(b"good bytes")
    (root / "corrupt.gz").write_bytes(b"flipped bits")
    dest = tmp_path / "out"
    files = {"good.gz": sha(b"good bytes"), "corrupt.gz": sha(b"original bits"), "missing.gz": sha(b"x")}
    with pytest.raises(NetcoreError) as err:
        download(dest, (url,), files, log=lambda s: None)
    message = str(err.value)
    assert "corrupt.gz" in message and "SHA-256" in message
    assert "missing.gz" in message and "HTTP 404" in message
    assert sorted(p.name for p in dest.iterdir()) == ["good.gz"]  # no partial or corrupt file


def test_falls_back_to_next_mirror(server, tmp_path):
    root, url = server
    (root / "a").mkdir()
    (root / "b").mkdir()
    (root / "a" / "f.gz").write_bytes(b"bad")
    (root / "b" / "f.gz").write_bytes(b"fine")
    dest = tmp_path / "out"
    download(dest, (url + "a/", url + "b/"), {"f.gz": sha(b"fine")}, log=lambda s: None)
    assert (dest / "f.gz").read_bytes() == b"fine"


def test_present_file_is_kept(tmp_path):
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "f.gz").write_bytes(b"fine")
    lines = []
    download(dest, ("http://127.0.0.1:9/",), {"f.gz": sha(b"fine")}, log=lines.append)
    assert "already present" in lines[0]
