package io.adstream.aggregation;

/** A change to one campaign minute, as one record contributes it. */
public record AggregateDelta(CampaignMinute at, Measures measures) {
  public AggregateDelta negate() {
    return new AggregateDelta(at, measures.negate());
  }
}
