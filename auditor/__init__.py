"""cxaudit: audit a company's public website as a customer meets it.

The one obvious entry point is :func:`auditor.pipeline.run_audit`; the CLI is a thin layer over it.
"""

__version__ = "0.1.0"
