package io.adstream.local.mapping;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The function's log stream: what Lambda would send to CloudWatch Logs goes to a print stream here.
 */
final class FunctionLog implements LambdaLogger {

  private final PrintStream out;

  FunctionLog(PrintStream out) {
    this.out = out;
  }

  @Override
  public void log(String message) {
    synchronized (out) {
      out.println(message);
    }
  }

  @Override
  public void log(byte[] message) {
    log(new String(message, StandardCharsets.UTF_8));
  }
}
