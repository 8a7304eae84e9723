package io.adstream.serving;

/**
 * A request parameter (query or path) that cannot be served: answered 400, naming the parameter.
 */
public final class BadParameterException extends RuntimeException {
  private final String parameter;

  public BadParameterException(String parameter, String message) {
    super(parameter + ": " + message);
    this.parameter = parameter;
  }

  public String parameter() {
    return parameter;
  }

  public String reason() {
    return getMessage().substring(parameter.length() + 2);
  }
}
