package io.adstream.alerts;

/** Reads what every source sent, merged over the shards of the stream. */
public interface SourceActivityReader {

  SourceActivity read();
}
