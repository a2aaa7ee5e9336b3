"""schemathesis over the whole OpenAPI document against the live API: every
operation, generated and negative data, and the stateful phase (submit, then
read by the returned id through the schema's link). Zero server errors, zero
schema violations.

``positive_data_acceptance`` is left out: the browser form's rules (a date not
in the future, a signal about at least a person, group or place) cannot be
said in OpenAPI, so schema-valid bodies are rightly refused with 400.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

pytestmark = pytest.mark.django_db(transaction=True)


def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    live_server, settings, make_account, police, tmp_path
):
    settings.API_RATE_LIMIT = "100000/min"
    _account, token = make_account(police)
    schema_file = tmp_path / "openapi.json"
    schema_file.write_bytes(
        OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True))
    )
    executable = Path(sys.executable).with_name("schemathesis")
    result = subprocess.run(
        [
            str(executable),
            "run",
            str(schema_file),
            "--url",
            live_server.url,
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            "all",
            "--exclude-checks",
            "positive_data_acceptance",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--max-examples",
            "25",
            "--workers",
            "1",
            "--seed",
            "20261202",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        check=False,
    )
    output = result.stdout + result.stderr
    summary = re.search(r"^\s*(\d+ generated, .*)$", output, re.MULTILINE)
    print("schemathesis:", summary.group(1) if summary else output[-2000:])
    assert result.returncode == 0, output[-6000:]
    assert summary and "fail" not in summary.group(1), output[-6000:]
    assert "Tested: 7" in output
    assert re.search(r"✅ Stateful", output), output[-3000:]
