"""Load benchmarks of the active-case check (issue 3, item 9); see docs/performance.md."""
