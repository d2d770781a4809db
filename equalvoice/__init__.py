"""Equal Voice: co-production in public services."""
