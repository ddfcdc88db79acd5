"""``xbrl-gen serve``: the build, validate and convert steps over HTTP (docs/service.md).

``app`` holds the FastAPI routes and limits, ``workers`` the worker processes that do the work
(one request at a time each, killed when over time), ``jobs`` what a worker does for a request.
"""
