package org.partnernet.bench.core;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a run measured on. Figures from two machines are not comparable, and figures from one machine are
 * only comparable at a similar load, so the report prints both.
 *
 * @param cpu       CPU model as the kernel names it
 * @param cores     processors this JVM may use
 * @param memoryMiB physical memory
 * @param os        name, version and architecture
 * @param java      version and vendor of the JVM running the benchmark (the child JVMs use the same one)
 */
public record Machine(String cpu, int cores, long memoryMiB, String os, String java) {

  public static Machine current() {
    return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(), totalMemoryMiB(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
            + System.getProperty("java.vm.name") + ")");
  }

  /** The 1, 5 and 15 minute load averages, e.g. "1.24 2.50 3.30": what else the machine was doing. */
  public static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return one < 0 ? "unknown" : String.format("%.2f", one);
    }
  }

  private static String cpuModel() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      return lines.stream().filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .orElse(System.getProperty("os.arch"));
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
  }

  private static long totalMemoryMiB() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize() / (1024 * 1024);
    }
    return -1;
  }
}
