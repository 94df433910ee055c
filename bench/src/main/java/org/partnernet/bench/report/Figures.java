package org.partnernet.bench.report;

import org.HdrHistogram.Histogram;

/** The percentiles every table, chart and file of the report shows, in milliseconds from nanosecond histograms. */
final class Figures {

  private Figures() {}

  static double ms(Histogram latency, double percentile) {
    return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1e6;
  }

  static double maxMs(Histogram latency) {
    return latency.getTotalCount() == 0 ? 0 : latency.getMaxValue() / 1e6;
  }

  /** Three decimals: sub-millisecond differences are what the gateway budgets are about. */
  static String format(double ms) {
    return String.format(java.util.Locale.ROOT, "%.3f", ms);
  }

  static String rate(double perSecond) {
    return perSecond <= 0 ? "–" : String.format(java.util.Locale.ROOT, "%.0f/s", perSecond);
  }
}
