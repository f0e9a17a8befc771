"""The built-in exporters, one module a format (registered as entry points)."""
