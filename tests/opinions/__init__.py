"""Tests of the opinion engine (pure) and the opinions platform."""
