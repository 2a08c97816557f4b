"""Stages 1–3, the source: read a YAML file (`load`), check it against the JSON Schema
(`validate`) and turn it into typed, located domain objects (`model`)."""
