"""Peer support: offers and requests, matches both people agree to, meetings held and
endings (docs/network.md)."""
