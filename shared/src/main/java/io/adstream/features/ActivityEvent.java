package io.adstream.features;

import java.time.Instant;

/** What changes an entity's activity. */
public sealed interface ActivityEvent {
  Instant time();

  record Clicked(Instant time) implements ActivityEvent {}

  record Converted(Instant time) implements ActivityEvent {}

  static Activity apply(Activity activity, ActivityEvent event) {
    return switch (event) {
      case Clicked clicked -> activity.withClick(clicked.time());
      case Converted converted -> activity.withConversion(converted.time());
    };
  }
}
