"""PDF files in the house style, rendered by WeasyPrint from our own HTML only."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import HttpResponse


def _refuse_fetch(url: str, *args, **kwargs):
    """Nothing is ever fetched while rendering, not even from this server or a data: URL."""
    raise ValueError(f"PDF rendering does not fetch resources ({url[:40]})")


def render_pdf(html: str, *extra_stylesheets: str) -> bytes:
    """``html`` as PDF with ``css/pdf.css`` and any further static stylesheets."""
    from weasyprint import CSS, HTML

    stylesheets = [CSS(filename=finders.find(name)) for name in ("css/pdf.css", *extra_stylesheets)]
    # No base_url: relative references have nowhere to resolve to.
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(stylesheets=stylesheets)


def pdf_download(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
