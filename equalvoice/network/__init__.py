"""Networks: posts, how people hear (on the site, every post, a weekly digest), the
mailing list and the newsletter (docs/network.md)."""
