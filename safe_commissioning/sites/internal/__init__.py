"""The intranet dashboard, for staff and Members: its navigation, charts, pages and record pages.

`navigation` names the site and assembles its pages from `dashboard`, `lists` and `reference`;
`records` writes a page per contract and provider; `charts` draws every chart; `links` says
where each record's page lives.
"""
