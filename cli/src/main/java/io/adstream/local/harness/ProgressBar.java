package io.adstream.local.harness;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Shows a run's progress on standard error: on a terminal one line redrawn in place (carriage
 * return) several times a second; otherwise, e.g. in CI logs, a plain line every few seconds.
 * Closing prints the final state and ends the line.
 */
public final class ProgressBar implements AutoCloseable {

  private static final int WIDTH = 30;
  private static final Duration TERMINAL_REFRESH = Duration.ofMillis(200);
  private static final Duration PLAIN_REFRESH = Duration.ofSeconds(5);

  /** What the bar shows; {@code detail} is appended as it is. */
  public record Progress(long processed, long put, long parked, long retries, String detail) {}

  private final PrintStream out;
  private final boolean terminal;
  private final Supplier<Progress> progress;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService ticker;
  private int lastWidth;

  private ProgressBar(PrintStream out, boolean terminal, Supplier<Progress> progress) {
    this.out = out;
    this.terminal = terminal;
    this.progress = progress;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("adstream-progress").factory());
    Duration every = terminal ? TERMINAL_REFRESH : PLAIN_REFRESH;
    ticker.scheduleAtFixedRate(
        this::draw, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts drawing; {@code terminal} chooses the redrawn line over plain periodic lines. */
  public static ProgressBar start(PrintStream out, boolean terminal, Supplier<Progress> progress) {
    return new ProgressBar(out, terminal, progress);
  }

  /**
   * Whether standard output and error go to a terminal. {@code System.console()} alone no longer
   * tells (JDK 22+ returns a console for redirected streams too), so {@code Console.isTerminal()}
   * is asked where the running JDK has it.
   */
  public static boolean interactive() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = java.io.Console.class.getMethod("isTerminal");
      return (boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException jdk21) {
      return true; // before JDK 22 a console exists only for a terminal
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot ask the console whether it is a terminal", e);
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    draw();
    if (terminal) {
      out.println();
    }
    out.flush();
  }

  private synchronized void draw() {
    String line = render(progress.get(), Duration.ofNanos(System.nanoTime() - startNanos));
    if (terminal) {
      // pad over the tail of a longer previous line
      out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      lastWidth = line.length();
    } else {
      out.println(line);
    }
    out.flush();
  }

  static String render(Progress p, Duration elapsed) {
    double fraction =
        p.put() == 0 ? 0 : Math.min(1.0, (double) (p.processed() + p.parked()) / p.put());
    int filled = (int) Math.round(fraction * WIDTH);
    double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
    return String.format(
        Locale.ROOT,
        "[%s%s] %3d%% %,d/%,d records  %,.0f rec/s  parked %,d  retries %,d  %s%s",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        Math.round(fraction * 100),
        p.processed() + p.parked(),
        p.put(),
        p.processed() / seconds,
        p.parked(),
        p.retries(),
        formatElapsed(elapsed),
        p.detail());
  }

  private static String formatElapsed(Duration elapsed) {
    return String.format(Locale.ROOT, "%d:%02d", elapsed.toMinutes(), elapsed.toSecondsPart());
  }
}
