"""The printable newsletter: a month's posts (WeasyPrint, through `core.pdf`), each in its
easy-read version (speakeasy's: one sentence a line, with the glossary's pictures) when
the network says its newsletter is in easy read."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string

from equalvoice.core.pdf import render_pdf
from equalvoice.speakeasy.pdf import picture_data

from .models import Network, Post


def newsletter_pdf(network: Network, month: datetime.date, posts: list[Post]) -> bytes:
    easy = network.easy_read_newsletter
    html = render_to_string(
        "network/newsletter_pdf.html",
        {
            "network": network,
            "organisation": network.organisation,
            "month": month,
            "posts": posts,
            "easy": easy,
            "pictures": picture_data(network.organisation) if easy else {},
        },
    )
    return render_pdf(html)
