package org.partnernet.bench.core;

/** QUICK: the default, a few minutes on 2 cores for the whole run. LONG: larger data (1M) and longer phases. */
public enum Mode {
  QUICK,
  LONG
}
