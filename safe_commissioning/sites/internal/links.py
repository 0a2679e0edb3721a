"""Where each contract's and provider's page lives on the internal site, and which page shows an item.

The rules name what an action or a coming-up item is about by record IDs (see `rules/attention.py`);
this is the one place that turns those IDs into pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from safe_commissioning.rules.assessment import Assessment
from safe_commissioning.rules.attention import Action
from safe_commissioning.rules.upcoming import Upcoming
from safe_commissioning.words import unique_slugs

SOURCING_PLAN_PAGE = "sourcing-plan.html"


@dataclass(frozen=True)
class Links:
    """Where each contract's and provider's page lives, relative to the site root."""

    contract: Mapping[str, str]
    provider: Mapping[str, str]

    def about(self, item: Action | Upcoming) -> str:
        """The page that shows what `item` is about ("" when none does).

        The contract's page when it names a contract, else its provider's, else the sourcing plan for a plan row.
        """
        if item.contract_id:
            return self.contract.get(item.contract_id, "")
        if item.provider:
            return self.provider.get(item.provider, "")
        if isinstance(item, Action) and item.project:
            return SOURCING_PLAN_PAGE
        return ""


def links_for(assessment: Assessment) -> Links:
    """Stable, unique page addresses for every contract and provider."""
    contracts = unique_slugs(c.contract_id for c in assessment.contracts)
    providers = unique_slugs(p.provider.provider for p in assessment.providers)
    return Links(
        contract={cid: f"contracts/{slug}.html" for cid, slug in contracts.items()},
        provider={name: f"providers/{slug}.html" for name, slug in providers.items()},
    )
