"""The ``envoy.report`` document format (docs/json-export.md): its name and version, and
where Envoy's own ODT and DOCX files carry the record they were printed from."""

FORMAT, VERSION = "envoy.report", 1
PACKAGED_RECORD = "envoy/report.json"
