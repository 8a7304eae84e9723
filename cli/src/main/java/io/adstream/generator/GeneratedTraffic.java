package io.adstream.generator;

import java.util.List;

/**
 * The generated records in delivery (put) order, one JSON document per line without the line break,
 * and the generator's account of what it planted.
 */
public record GeneratedTraffic(List<byte[]> lines, GenerationReport report) {
  public GeneratedTraffic {
    lines = List.copyOf(lines);
  }
}
