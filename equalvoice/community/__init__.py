"""Community assets and community walks: what a place has, mapped with the people who
live there (docs/network.md)."""
