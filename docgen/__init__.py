"""docgen: YAML budget sources to checked Chinese public budget disclosures."""

# The one place the version is written: the package's metadata is built from it (pyproject.toml,
# [tool.hatch.version]). Asking importlib.metadata for it instead cost every command 0.04 s of
# CPU at start, to import the metadata machinery and scan the installed distributions.
__version__ = "0.1.0"
