package io.adstream.state;

import io.adstream.stream.SourcePosition;

/** What one stream record contributes to one item. */
public record Contribution<D>(SourcePosition position, D delta) {}
