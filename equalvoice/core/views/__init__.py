"""Thin HTTP layer: parse, call an action or selector, render. Split by area."""
