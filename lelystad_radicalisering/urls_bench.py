"""The benchmark's floor page; a 404 unless the BENCH_FLOOR setting is on."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "bench"

urlpatterns = [path("floor/", views.bench_floor, name="floor")]
