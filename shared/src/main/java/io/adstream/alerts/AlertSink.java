package io.adstream.alerts;

import java.util.List;

/**
 * Publishes alerts, each id once however often it is raised (redeliveries raise the same ids
 * again).
 */
public interface AlertSink {

  /**
   * @return the alerts this call published (not those published before)
   */
  List<Alert> raise(List<Alert> alerts);
}
