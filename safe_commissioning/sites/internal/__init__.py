"""The intranet dashboard, for staff and Members: its navigation, charts, pages and record pages.

`navigation` names the site, types what every template can use and assembles its pages from
`dashboard`, `lists` and `reference`, each builder reading the build's view (`sites/model.py`);
`records` writes a page per contract and provider; `charts` draws every chart; `links` says
where each record's page lives and which page shows an action.
"""
