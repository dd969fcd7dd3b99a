"""The check registry: a check is a module in ``checks/`` that calls :func:`register` at import.

Third-party checks plug in through the ``cxaudit.checks`` entry-point group; each entry point names a
module that registers its checks the same way.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

from auditor.findings import Finding, Level, Rule

if TYPE_CHECKING:
    from auditor.config import AuditConfig
    from auditor.page import Page
    from auditor.site import Site

CheckFunction = Callable[["Site", "AuditConfig"], Iterable[Finding]]
PageWork = Callable[["Site", "Page"], Any]
ConfigPageWork = Callable[["Site", "Page", "AuditConfig"], Any]
#: The part of the config a config-dependent derivation reads, as text (it keys the derivation's values).
ConfigKey = Callable[["AuditConfig"], str]


@dataclass(frozen=True)
class Check:
    """A check family: an id, a plain description of what it measures, its rules and a pure run
    function of the site model and config."""

    id: str
    title: str
    description: str
    rules: tuple[Rule, ...]
    run: CheckFunction

    @property
    def levels(self) -> list[Level]:
        return sorted({rule.level for rule in self.rules}, key=list(Level).index)

    def rule(self, rule_id: str) -> Rule:
        return next(rule for rule in self.rules if rule.id == rule_id)


_REGISTRY: dict[str, Check] = {}


def register(check_id: str, *, title: str, description: str, rules: Iterable[Rule]) -> Callable[
        [CheckFunction], CheckFunction]:
    """Decorator registering ``run(site, config)`` as check ``check_id``. Rule ids must start with it."""

    def decorate(run: CheckFunction) -> CheckFunction:
        rule_tuple = tuple(rules)
        for rule in rule_tuple:
            if rule.check != check_id:
                raise ValueError(f"rule {rule.id!r} does not belong to check {check_id!r}")
        if check_id in _REGISTRY and _REGISTRY[check_id].run is not run:
            raise ValueError(f"check {check_id!r} registered twice")
        _REGISTRY[check_id] = Check(check_id, title, description, rule_tuple, run)
        return run

    return decorate


_PAGE_WORK: dict[str, PageWork] = {}
_CONFIG_PAGE_WORK: dict[str, tuple[ConfigPageWork, ConfigKey]] = {}


def per_page(key: str, *, config_key: ConfigKey | None = None) -> Callable[[Any], Any]:
    """Decorator for a costly per-page derivation ``compute(site, page)`` that checks share: the decorated
    function returns ``site.per_page(key, ...)`` (computed once per page), and the pipeline computes every
    registered one for all pages across processes before the checks run (:mod:`auditor.parallel`). The
    value must pickle; ``compute`` must be pure, like a check.

    A derivation that depends on the config (a check's settings, its rules file) is ``compute(site, page,
    config)`` with ``config_key`` naming the part of the config it reads: its values are kept per page and per
    that part, so a different config never reads them, and the pipeline computes them ahead for the audit's
    config (:func:`page_work` given the config)."""

    def decorate(compute: Any) -> Any:
        if config_key is not None:
            @functools.wraps(compute)
            def cached_for(site: Site, page: Page, config: AuditConfig) -> Any:
                return site.per_page(_keyed(key, config_key, config), page, lambda p: compute(site, p, config))

            _CONFIG_PAGE_WORK[key] = (compute, config_key)
            return cached_for

        @functools.wraps(compute)
        def cached(site: Site, page: Page) -> Any:
            return site.per_page(key, page, lambda p: compute(site, p))

        _PAGE_WORK[key] = compute
        return cached

    return decorate


def _keyed(key: str, config_key: ConfigKey, config: AuditConfig) -> str:
    return keyed_for(key, config_key(config))


def keyed_for(key: str, part: str) -> str:
    """The site cache key of config-dependent derivation ``key`` for ``part`` (what its ``config_key`` gives):
    for a caller that holds what the config selects (a compiled taxonomy) rather than the config itself."""
    return f"{key}@{part}"


def page_work(config: AuditConfig | None = None) -> dict[str, PageWork]:
    """Every registered per-page derivation, by key (after loading the checks, which register them); given
    the audit's config, the config-dependent ones too, bound to it."""
    _load_builtin()
    _load_entry_points()
    work = dict(_PAGE_WORK)
    if config is not None:
        for key, (compute, config_key) in _CONFIG_PAGE_WORK.items():
            work[_keyed(key, config_key, config)] = functools.partial(_with_config, compute, config)
    return work


def _with_config(compute: ConfigPageWork, config: AuditConfig, site: Site, page: Page) -> Any:
    return compute(site, page, config)


def all_checks() -> list[Check]:
    """Every registered check, built-in ones first, in a stable order."""
    _load_builtin()
    _load_entry_points()
    return [_REGISTRY[key] for key in sorted(_REGISTRY)]


def all_rules() -> dict[str, Rule]:
    return {rule.id: rule for check in all_checks() for rule in check.rules}


def _load_builtin() -> None:
    import checks

    for module in pkgutil.iter_modules(checks.__path__):
        if module.name not in ("registry", "text") and not module.name.startswith("_"):
            importlib.import_module(f"checks.{module.name}")


def _load_entry_points() -> None:
    for entry in entry_points(group="cxaudit.checks"):
        entry.load()
