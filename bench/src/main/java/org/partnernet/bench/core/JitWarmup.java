package org.partnernet.bench.core;

import java.util.Collection;

/**
 * Warms child JVMs up until their JIT compilers are quiet: load runs in windows of {@value #WINDOW_SECONDS} s, for
 * at least a minimum time and then until the processes' compiler threads used under 5% of one core over a window,
 * at most a maximum time. On two cores a service's C2 compiler takes a minute or more at a few hundred requests a
 * second to settle; a fixed short warm-up measures the compiler along with the service.
 */
public final class JitWarmup {

  /** One window of load. */
  @FunctionalInterface
  public interface Window {
    void run(int seconds) throws Exception;
  }

  private static final int WINDOW_SECONDS = 5;
  /** Quiet: the processes' JIT compilers used less than this share of one core during a window. */
  private static final double QUIET_COMPILER = 0.05;

  private JitWarmup() {}

  /** Runs {@code load} until the compilers of {@code processes} are quiet; the seconds it took. */
  public static int run(Window load, int minSeconds, int maxSeconds, Collection<ChildJvm> processes)
      throws Exception {
    int elapsed = 0;
    while (elapsed < maxSeconds) {
      long before = processes.stream().mapToLong(ChildJvm::compilerCpuNanos).sum();
      load.run(WINDOW_SECONDS);
      long compiling = processes.stream().mapToLong(ChildJvm::compilerCpuNanos).sum() - before;
      elapsed += WINDOW_SECONDS;
      if (elapsed >= minSeconds && compiling < QUIET_COMPILER * WINDOW_SECONDS * 1e9) {
        break;
      }
    }
    return elapsed;
  }
}
