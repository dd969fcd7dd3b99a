"""CI mode: gates, baselines and regressions, suppressions, JUnit and Markdown outputs, run history, page cache."""
