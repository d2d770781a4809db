#!/usr/bin/env python
"""Same as the `equalvoice` command."""

from equalvoice.cli import main

if __name__ == "__main__":
    main()
