package io.adstream.local.emulator;

/** The embedded emulator could not be installed, started or stopped. */
@SuppressWarnings("serial")
public class EmulatorException extends RuntimeException {

  public EmulatorException(String message) {
    super(message);
  }

  public EmulatorException(String message, Throwable cause) {
    super(message, cause);
  }
}
