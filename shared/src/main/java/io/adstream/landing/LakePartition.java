package io.adstream.landing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.regex.Pattern;

/**
 * The lake partition a landed line is filed under: its event type and the UTC date and hour of its
 * time — {@code event_time} for enriched and attribution lines, the stream's {@code
 * source.arrival_time} for quarantine lines (which may have no usable event time, or no known type:
 * then {@code unknown}).
 *
 * <p>The processor packs each Firehose record from the lines of one partition, and the delivery
 * streams' record transformation reads the partition of a record from its first line, with this
 * same class: so the partition keys need no JQ query run over every line.
 */
public record LakePartition(String eventType, String date, String hour) {
  /** The S3 key names, in path order. */
  public static final String EVENT_TYPE = "event_type";

  public static final String DATE = "dt";
  public static final String HOUR = "hour";

  private static final JsonFactory JSON = new JsonFactory();
  private static final Pattern TYPE = Pattern.compile("[a-z_]{1,40}");
  // the processor writes times as RFC 3339 in UTC: "2026-12-06T23:59:59.123Z"
  private static final Pattern UTC_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:.*Z");
  private static final String UNKNOWN = "unknown";

  /** The partition of one line of {@code destination} (without its line break). */
  public static LakePartition of(LakeDestination destination, byte[] line) {
    Fields fields = read(line);
    Optional<String> time =
        destination == LakeDestination.QUARANTINE ? fields.arrivalTime : fields.eventTime;
    String at = time.filter(t -> UTC_TIME.matcher(t).matches()).orElse("0000-00-00T00");
    String type = fields.eventType.filter(t -> TYPE.matcher(t).matches()).orElse(UNKNOWN);
    return new LakePartition(type, at.substring(0, 10), at.substring(11, 13));
  }

  /** The keys a delivery stream builds the object's S3 prefix from, in path order. */
  public SequencedMap<String, String> keys() {
    SequencedMap<String, String> keys = new LinkedHashMap<>();
    keys.put(EVENT_TYPE, eventType);
    keys.put(DATE, date);
    keys.put(HOUR, hour);
    return keys;
  }

  private record Fields(
      Optional<String> eventType, Optional<String> eventTime, Optional<String> arrivalTime) {}

  /** The top-level event_type and event_time, and source.arrival_time, of a JSON object line. */
  private static Fields read(byte[] line) {
    String eventType = null;
    String eventTime = null;
    String arrivalTime = null;
    try (JsonParser parser = JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("a landed line is a JSON object");
      }
      for (JsonToken token = parser.nextToken();
          token == JsonToken.FIELD_NAME;
          token = parser.nextToken()) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.VALUE_STRING && name.equals("event_type")) {
          eventType = parser.getText();
        } else if (value == JsonToken.VALUE_STRING && name.equals("event_time")) {
          eventTime = parser.getText();
        } else if (value == JsonToken.START_OBJECT && name.equals("source")) {
          arrivalTime = arrivalTime(parser);
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("a landed line is a JSON object: " + e.getMessage(), e);
    }
    return new Fields(
        Optional.ofNullable(eventType),
        Optional.ofNullable(eventTime),
        Optional.ofNullable(arrivalTime));
  }

  private static String arrivalTime(JsonParser parser) throws IOException {
    String arrivalTime = null;
    for (JsonToken token = parser.nextToken();
        token == JsonToken.FIELD_NAME;
        token = parser.nextToken()) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_STRING && name.equals("arrival_time")) {
        arrivalTime = parser.getText();
      } else {
        parser.skipChildren();
      }
    }
    return arrivalTime;
  }
}
