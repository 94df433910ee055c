package org.partnernet.bench.report;

import java.util.List;
import java.util.Locale;
import org.partnernet.bench.core.ScenarioResult.Row;

/**
 * A scenario's latency by percentile as an SVG, drawn like HdrHistogram's plots: the x axis is logarithmic in
 * 1/(1 − percentile), so 90 %, 99 %, 99.9 % and 99.99 % are evenly spaced and the tail, where the budgets live,
 * gets as much room as the median; one line per row. Plain SVG 1.1, readable on GitHub and in any browser.
 */
final class PercentileChart {

  /** The tail drawn: 99.99 % is four decades of 1/(1 − p). */
  static final double DECADES = 4;
  private static final int STEPS_PER_DECADE = 40;
  private static final int WIDTH = 820;
  private static final int HEIGHT = 420;
  private static final int LEFT = 70;
  private static final int RIGHT = 250;
  private static final int TOP = 40;
  private static final int BOTTOM = 60;
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
      "#e377c2", "#17becf"};

  private PercentileChart() {}

  static String svg(String title, List<Row> rows) {
    double top = niceCeiling(rows.stream().mapToDouble(r -> Figures.ms(r.latency(), percentile(DECADES))).max()
        .orElse(1));
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
        LEFT, escape(title + ": latency by percentile")));

    for (int decade = 0; decade <= DECADES; decade++) {
      double x = LEFT + plotWidth * decade / DECADES;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
          x, TOP, x, TOP + plotHeight));
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
          x, TOP + plotHeight + 18, decadeLabel(decade)));
    }
    for (int tick = 0; tick <= 5; tick++) {
      double value = top * tick / 5;
      double y = TOP + plotHeight - plotHeight * tick / 5;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
          LEFT, y, LEFT + plotWidth, y));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
          LEFT - 6, y + 4, tickLabel(value)));
    }
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\""
        + " stroke=\"#333\"/>%n", LEFT, TOP, plotWidth, plotHeight));
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
        LEFT + plotWidth / 2, HEIGHT - 16));
    svg.append(String.format(Locale.ROOT, "<text transform=\"translate(18 %.1f) rotate(-90)\" text-anchor=\"middle\">"
        + "latency (ms)</text>%n", TOP + plotHeight / 2));

    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      String colour = COLOURS[i % COLOURS.length];
      StringBuilder points = new StringBuilder();
      for (int step = 0; step <= DECADES * STEPS_PER_DECADE; step++) {
        double decades = (double) step / STEPS_PER_DECADE;
        double value = Math.min(top, Figures.ms(row.latency(), percentile(decades)));
        double x = LEFT + plotWidth * decades / DECADES;
        double y = TOP + plotHeight - plotHeight * value / top;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\">"
          + "<title>%s</title></polyline>%n", colour, points.toString().trim(), escape(row.label())));
      double legendY = TOP + 10 + i * 20;
      double legendX = LEFT + plotWidth + 14;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
          + " stroke-width=\"3\"/>%n", legendX, legendY, legendX + 18, legendY, colour));
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", legendX + 24, legendY + 4,
          escape(row.label())));
    }
    return svg.append("</svg>\n").toString();
  }

  /** The percentile {@code decades} decades into the tail: 0 → 0 %, 1 → 90 %, 2 → 99 %, 3 → 99.9 %, … */
  static double percentile(double decades) {
    return 100 * (1 - Math.pow(10, -decades));
  }

  private static String decadeLabel(int decade) {
    return new java.math.BigDecimal(percentile(decade))
        .setScale(Math.max(0, decade - 2), java.math.RoundingMode.HALF_UP).toPlainString() + "%";
  }

  private static String tickLabel(double ms) {
    return ms >= 10 || ms == 0 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.2f", ms);
  }

  /** The first of 1, 2, 2.5, 3, 4, 5, 6, 8 × a power of ten at or above {@code value}: fifths that read easily. */
  static double niceCeiling(double value) {
    if (value <= 0) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (step * power >= value) {
        return step * power;
      }
    }
    return 10 * power;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
