"""Render and build: the pages of both sites, their charts, the committee pack, and the site engine.

`model` is the one typed view of a build that every internal page reads (built once by the pipeline);
`views` works out what the pages show; `pages` renders them from `site_templates/`; `internal` and
`public` assemble each site; `stage` turns rendered pages into a finished site folder with an engine
from `engines`, writing the record pages on the light path of `shell`.
"""
