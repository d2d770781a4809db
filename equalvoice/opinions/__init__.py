"""Opinions: people write short statements and vote on each other's; the engine
(`equalvoice.opinions.engine`, pure numpy and scipy) finds the opinion groups and what
they share."""
