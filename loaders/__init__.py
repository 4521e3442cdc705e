"""Loaders: cell parsers, readers, the seed build, checks and the writer path of the plan database."""
