package io.adstream.local.provision;

/**
 * A resource exists with settings other than the plan's; the message names both and the way out.
 */
public final class ProvisioningException extends RuntimeException {

  public ProvisioningException(String message) {
    super(message);
  }
}
