package io.adstream.generator;

/**
 * Generates deterministic, realistic ad traffic: for a fixed profile (seed and start included) the
 * lines are the same bytes on every run, machine, time zone and locale.
 *
 * <pre>{@code
 * GeneratedTraffic traffic = TrafficGenerator.builder()
 *     .profile(TrafficProfile.builder().seed(7).start(start).build())
 *     .build()
 *     .generate();
 * }</pre>
 */
public final class TrafficGenerator {
  private final TrafficProfile profile;
  private final CrawlerList crawlers;

  private TrafficGenerator(Builder builder) {
    if (builder.profile == null) {
      throw new IllegalStateException("a TrafficGenerator needs a profile");
    }
    this.profile = builder.profile;
    this.crawlers = builder.crawlers == null ? CrawlerList.load() : builder.crawlers;
  }

  public static Builder builder() {
    return new Builder();
  }

  public GeneratedTraffic generate() {
    BaseTraffic base = new TrafficSimulation(profile, crawlers).run();
    return new DeliveryPlan(profile).deliver(base);
  }

  public static final class Builder {
    private TrafficProfile profile;
    private CrawlerList crawlers;

    private Builder() {}

    public Builder profile(TrafficProfile profile) {
      this.profile = profile;
      return this;
    }

    /** The crawler list the bots take their user agents from; the shared jar's by default. */
    public Builder crawlers(CrawlerList crawlers) {
      this.crawlers = crawlers;
      return this;
    }

    public TrafficGenerator build() {
      return new TrafficGenerator(this);
    }
  }
}
