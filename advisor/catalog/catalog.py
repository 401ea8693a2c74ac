"""The merged catalog: models.dev offerings grouped into canonical models, plus curated facts."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from advisor import __version__
from advisor.catalog import models_dev
from advisor.catalog.authority import Maker, load_makers, with_authority
from advisor.catalog.curated import load_curated_checked
from advisor.catalog.grouping import group_key
from advisor.catalog.names import clean_display_name, normalize
from advisor.catalog.schema import CatalogModel, CuratedModel, Offering
from advisor.catalog.sources import enrich
from advisor.catalog.validate import DataWarning
from advisor.config import get_settings
from advisor.errors import AdvisorError

log = logging.getLogger(__name__)
FUZZY_ACCEPT = 90.0  # a misspelling this close to one name (and clearly ahead) resolves to it
FUZZY_MARGIN = 4.0


class UnknownModelError(AdvisorError, LookupError):
    """A model name the catalog cannot resolve; carries the closest names."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name, self.suggestions = name, suggestions
        hint = f" Closest matches: {', '.join(suggestions)}." if suggestions else ""
        super().__init__(f"No model named {name!r} in the catalog.{hint}")


class Catalog:
    """Canonical models with lenient name resolution."""

    def __init__(self, offerings: Iterable[Offering], curated: Iterable[CuratedModel] = (),
                 origin: str = "models.dev", *, makers: tuple[Maker, ...] = (),
                 warnings: Iterable[DataWarning] = ()) -> None:
        """Group offerings under canonical models, attach curated facts, fill headline values.

        ``makers`` (from ``knowledge/makers.yaml``) decide whose route a headline value comes
        from; ``warnings`` are the values refused when the offerings were imported.
        """
        groups: dict[str, list[Offering]] = defaultdict(list)
        for off in offerings:
            groups[group_key(off.model_id, off.provider_id)].append(off)
        self.origin = origin
        self.problems: list[str] = []  # curated files left out, each naming file and field
        self.offering_count = sum(len(g) for g in groups.values())
        self.provider_count = len({o.provider_id for g in groups.values() for o in g})
        self.as_of = max((o.last_updated or "" for g in groups.values() for o in g), default="")
        self._index: dict[str, str] = {}
        self.models: dict[str, CatalogModel] = {}
        for key, offs in groups.items():
            self.models[key] = _canonical(key, offs)
        self._index = {key: key for key in self.models}  # canonical keys win over aliases
        for key, model in self.models.items():
            self._add_names(key, [model.name, *(o.model_id for o in model.routes),
                                  *(o.name for o in model.routes)])
        for cur in curated:
            self._attach(cur)
        self.makers = makers
        self.warnings: tuple[DataWarning, ...] = tuple(warnings)
        self.models = enrich(self.models, self._index, get_settings().knowledge_dir,
                             self.as_of[:10])  # lab data, leaderboard, rules, second prices
        self.models = {k: with_authority(m, makers) for k, m in self.models.items()}
        self._choices = list(self._index)

    # --- construction ----------------------------------------------------------------------
    def _add_names(self, key: str, names: Iterable[str], override: bool = False) -> None:
        for name in names:
            norm = normalize(name)
            if norm and (override or norm not in self._index):
                self._index[norm] = key

    def _attach(self, cur: CuratedModel) -> None:
        key = next((self._index[n] for n in map(normalize, (*cur.match, cur.name))
                    if n in self._index), None)
        if key is None:
            key = normalize(cur.name) or cur.file
            self.models[key] = CatalogModel(key=key, name=cur.name, family=cur.family,
                                            curated=cur)
        else:
            old = self.models[key]
            self.models[key] = replace(old, curated=cur, name=cur.name,
                                       family=cur.family or old.family)
        self._add_names(key, (cur.name, *cur.match, *cur.aliases), override=True)

    # --- lookups -----------------------------------------------------------------------------
    def resolve(self, name: str) -> CatalogModel:
        """The model a name refers to; raises :class:`UnknownModelError` with suggestions."""
        norm = normalize(name)
        key = self._index.get(norm)
        if key is not None:
            return self.models[key]
        ranked = self._ranked(norm, limit=8)
        if ranked:
            (best, score, choice), rest = ranked[0], ranked[1:]
            runner = rest[0][1] if rest else 0.0
            if (score >= FUZZY_ACCEPT and score - runner >= FUZZY_MARGIN
                    and _digits(choice) == _digits(norm)):
                return self.models[best]  # a typo is forgiven, another version number is not
        names = dict.fromkeys(self.models[k].name for k, _, _ in ranked)  # no repeated names
        raise UnknownModelError(name, list(names)[:5])

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """The closest model names to ``name``."""
        names = dict.fromkeys(self.models[k].name for k, _ in self._fuzzy(normalize(name),
                                                                             limit + 3))
        return list(names)[:limit]

    def _fuzzy(self, norm: str, limit: int) -> list[tuple[str, float]]:
        return [(key, score) for key, score, _ in self._ranked(norm, limit)]

    def _ranked(self, norm: str, limit: int) -> list[tuple[str, float, str]]:
        """Closest models as (key, score, the name that scored best), best first."""
        if not norm:
            return []
        hits = process.extract(norm, self._choices, scorer=fuzz.ratio, limit=limit * 4)
        best: dict[str, tuple[float, str]] = {}
        for choice, score, _ in hits:
            key = self._index[choice]
            if key not in best or float(score) > best[key][0]:
                best[key] = (float(score), choice)
        ranked = sorted(best.items(), key=lambda kv: -kv[1][0])[:limit]
        return [(key, score, choice) for key, (score, choice) in ranked]

    def __len__(self) -> int:
        return len(self.models)

    def __iter__(self) -> Any:
        return iter(self.models.values())


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _canonical(key: str, offs: list[Offering]) -> CatalogModel:
    names = Counter(clean_display_name(o.name) for o in offs)
    name = min(names, key=lambda n: (-names[n], len(n), n))
    families = Counter(o.family for o in offs if o.family)
    routes = tuple(sorted(offs, key=lambda o: (o.provider_id, o.model_id)))
    return CatalogModel(key=key, name=name,
                        family=families.most_common(1)[0][0] if families else None,
                        routes=routes)


# --- the process-wide catalog ------------------------------------------------------------------
_lock = threading.Lock()
_catalog: Catalog | None = None


def models_dev_version() -> str:
    """Version of the installed ``models-dev`` package (the bundled snapshot)."""
    try:
        return metadata.version("models-dev")
    except metadata.PackageNotFoundError:  # pragma: no cover - it is a dependency
        return "unknown"


def _active_source() -> tuple[Path | None, str]:
    settings = get_settings()
    if settings.catalog_file is not None:
        return settings.catalog_file, str(settings.catalog_file)
    if settings.refreshed_catalog_path.is_file():
        return settings.refreshed_catalog_path, f"refreshed copy {settings.refreshed_catalog_path}"
    return None, f"models-dev {models_dev_version()} (bundled)"


CACHE_FORMAT = 4  # bump when Catalog's pickled shape changes


def _fingerprint(path: Path | None) -> str:
    """A hash of everything a built catalog depends on: data file, curated files, code."""
    settings = get_settings()
    data = path or models_dev.bundled_data_path()
    parts = [str(CACHE_FORMAT), __version__, models_dev_version(), str(data.resolve())]
    st = data.stat()
    parts.append(f"{st.st_size}:{st.st_mtime_ns}")
    code = sorted(Path(__file__).parent.glob("**/*.py"))  # a code change rebuilds the cache
    knowledge = [*sorted((settings.knowledge_dir / "models").glob("*.yaml")),
                 *(f for f in (settings.knowledge_dir / "makers.yaml",) if f.is_file()),
                 *sorted((settings.knowledge_dir / "data").glob("*.json.gz")),
                 *(f for f in (settings.knowledge_dir / "licences.yaml",
                               settings.knowledge_dir / "parameters.yaml") if f.is_file())]
    for f in [*code, *knowledge]:
        parts.append(f"{f.name}:{hashlib.sha256(f.read_bytes()).hexdigest()}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]


def _load_cached(path: Path | None, origin: str) -> Catalog:
    """Build the catalog, or unpickle the copy built last time from the very same inputs."""
    cache_dir = get_settings().resolved_data_dir / "cache"
    cache = cache_dir / f"catalog-{_fingerprint(path)}.pickle"
    try:
        with cache.open("rb") as fh:
            cached = pickle.load(fh)
        if isinstance(cached, Catalog):
            return cached
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        pass
    catalog = build_catalog(models_dev.read_raw(path), origin)
    if catalog.problems:  # a broken curated file: keep serving the last good catalog
        return last_good(cache_dir, catalog)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in cache_dir.glob("catalog-*.pickle"):
            old.unlink(missing_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(catalog, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cache)
    except OSError:
        pass  # a read-only data dir only costs speed
    return catalog


def build_catalog(raw: dict[str, Any], origin: str) -> Catalog:
    """A catalog from models.dev data plus the curated files of the active settings."""
    knowledge = get_settings().knowledge_dir
    curated, errors = load_curated_checked(knowledge / "models")
    offerings, warnings = models_dev.read_offerings(raw)
    catalog = Catalog(offerings, curated, origin=origin,
                      makers=load_makers(knowledge / "makers.yaml"), warnings=warnings)
    catalog.problems = [f"{knowledge / 'models' / e.file} is ignored: {e}" for e in errors]
    return catalog


def last_good(cache_dir: Path, fresh: Catalog) -> Catalog:
    """The catalog built last time (before a curated file broke), else ``fresh`` as it is.

    Either way the catalog carries the problems, so every door can say which file is ignored.
    Nothing is cached: the last good copy stays until the files validate again.
    """
    cached = sorted(cache_dir.glob("catalog-*.pickle"), key=lambda f: f.stat().st_mtime)
    for file in reversed(cached):
        try:
            with file.open("rb") as fh:
                good = pickle.load(fh)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
            continue
        if isinstance(good, Catalog) and good.origin == fresh.origin:
            good.problems = [*fresh.problems, "Serving the catalog built before that change "
                             "(the last one whose curated files all validated)."]
            return good
    return fresh


def get_catalog() -> Catalog:
    """The loaded catalog (built once per process, lazily)."""
    global _catalog
    with _lock:
        if _catalog is None:
            path, origin = _active_source()
            _catalog = _load_cached(path, origin)
            for problem in getattr(_catalog, "problems", []):
                log.warning("%s", problem)
        return _catalog


def reset_catalog() -> None:
    """Forget the loaded catalog (after settings change)."""
    global _catalog
    with _lock:
        _catalog = None


def refresh_catalog(source: str, timeout_s: float = 20.0, *, force: bool = False) -> Catalog:
    """Load a newer models.dev ``api.json`` from a path or URL and make it the active catalog.

    The new data is checked (:mod:`advisor.catalog.refresh_checks`: size, every entry's types
    and ranges, no shrink by more than half unless ``force``) and a full catalog built before
    anything is replaced; on any failure a :class:`models_dev.CatalogDataError` naming
    ``source`` is raised, nothing is saved and the old catalog stays.
    """
    global _catalog
    from advisor.catalog import refresh_checks

    payload = _fetch(source, timeout_s, None if force else refresh_checks.MAX_REFRESH_BYTES)
    raw = refresh_checks.parse_payload(payload, source, force=force)
    refresh_checks.check_entries(raw, source)
    catalog = build_catalog(raw, f"refreshed from {source}")
    if catalog.offering_count == 0:
        raise models_dev.CatalogDataError(f"{source}: contains no model offerings")
    refresh_checks.check_shrink(catalog.offering_count, _current_offerings(), source,
                                force=force)
    target = get_settings().resolved_data_dir / "models_dev_api.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".json.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(payload)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    with _lock:
        _catalog = catalog
    return catalog


def _current_offerings() -> int:
    """Offerings in the catalog a refresh would replace (0 when it cannot be loaded)."""
    try:
        return get_catalog().offering_count
    except AdvisorError:
        return 0


def _fetch(source: str, timeout_s: float, max_bytes: int | None = None) -> bytes:
    """The bytes at a URL or path; more than ``max_bytes`` is refused (then read no further)."""
    limit = -1 if max_bytes is None else max_bytes + 1
    if source.startswith(("http://", "https://")):
        try:
            with urllib.request.urlopen(source, timeout=timeout_s) as resp:  # noqa: S310
                return bytes(resp.read(limit))
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise models_dev.CatalogDataError(
                f"{source}: cannot download ({reason}); are we offline?") from exc
    path = Path(source).expanduser()
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise models_dev.CatalogDataError(
                f"{source}: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit for "
                "a catalog file (the models.dev file is about 2 MB); use --force to load it "
                "anyway")
        return path.read_bytes()
    except OSError as exc:
        raise models_dev.CatalogDataError(
            f"{source}: cannot read ({exc.strerror or exc})") from exc
