"""What the tests and the benchmarks share: the real `coach` driven from outside."""
