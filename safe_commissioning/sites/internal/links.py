"""Where each contract's and provider's page lives on the internal site."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from safe_commissioning.rules.assessment import Assessment
from safe_commissioning.words import unique_slugs


@dataclass(frozen=True)
class Links:
    """Where each contract's and provider's page lives, relative to the site root."""

    contract: Mapping[str, str]
    provider: Mapping[str, str]


def links_for(assessment: Assessment) -> Links:
    """Stable, unique page addresses for every contract and provider."""
    contracts = unique_slugs(c.contract_id for c in assessment.contracts)
    providers = unique_slugs(p.provider.provider for p in assessment.providers)
    return Links(
        contract={cid: f"contracts/{slug}.html" for cid, slug in contracts.items()},
        provider={name: f"providers/{slug}.html" for name, slug in providers.items()},
    )
