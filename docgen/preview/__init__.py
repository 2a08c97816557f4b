"""`docgen preview`: a local web server showing a source's document as `docgen build -f html`
writes it, rendered again whenever a source file is saved, with its findings beside it.

The wing is the last stage, like the batch: it reads sources through `check`, renders through
`render`, builds through `build`, and nothing imports it but the command line. `folder` decides
which files may be served, `session` keeps each document's last good rendering, `pages` lays out
what the browser shows, `server` answers HTTP on the loopback interface only.
"""
