package io.adstream.landing;

import io.adstream.config.ResourceNames;

/** Where in the lake a line lands; each has its own Firehose delivery stream. */
public enum LakeDestination {
  ENRICHED(ResourceNames.ENRICHED_PREFIX),
  ATTRIBUTION(ResourceNames.ATTRIBUTION_PREFIX),
  QUARANTINE(ResourceNames.QUARANTINE_PREFIX);

  private final String prefix;

  LakeDestination(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  public String deliveryStream(ResourceNames names) {
    return switch (this) {
      case ENRICHED -> names.enrichedDeliveryStream();
      case ATTRIBUTION -> names.attributionDeliveryStream();
      case QUARANTINE -> names.quarantineDeliveryStream();
    };
  }
}
