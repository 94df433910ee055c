package org.partnernet.bench.core;

import java.util.Arrays;
import java.util.Random;

/**
 * What the machine was like at one moment: its load average, and how fast one of its cores was. The second moves
 * with whatever the host under this machine is doing, which the load average does not show: the same scenario on the
 * same code has cost 50% more CPU per request from one run to the next, and this figure tells such runs apart.
 *
 * @param loadAverage the 1, 5 and 15 minute load averages, e.g. "1.24 2.50 3.30"
 * @param sortMillis  a core's speed: the median time, in milliseconds, of sorting the same million pseudo-random
 *                    ints (nine times; lower is faster)
 */
public record Conditions(String loadAverage, double sortMillis) {

  private static final int[] UNSORTED = new Random(42).ints(1 << 20).toArray();

  /** Takes about half a second of one core. */
  public static Conditions now() {
    double[] millis = new double[9];
    for (int i = 0; i < millis.length; i++) {
      int[] copy = UNSORTED.clone();
      long start = System.nanoTime();
      Arrays.sort(copy);
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    return new Conditions(Machine.loadAverage(), millis[millis.length / 2]);
  }
}
