"""The engine: rule packs (loading, schema, semantic checks), expressions, and the run that
evaluates a pack's rules against a parsed document."""
