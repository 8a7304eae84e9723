package io.adstream.pii;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adstream.event.EventType;
import io.adstream.event.RandomEvents;
import io.adstream.processing.BatchProcessor;
import io.adstream.quarantine.QuarantineSealer;
import io.adstream.replay.ReplayEnvelope;
import io.adstream.stream.SourceRecord;
import io.adstream.testing.StageHarness;
import io.adstream.validation.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Puts a card number or an email address, in the forms producers and attackers write them, into a
 * text field of every event type, runs each through the whole processor (decode, mask, stateful
 * stage, landing, quarantine, alerts, metrics) and searches everything that leaves it for the
 * value: the lake's enriched, attribution and quarantine lines, the state the stores hold, the
 * alerts and the metrics.
 */
class PiiFormsScanTest {
  private static final int EVENTS = 2_000;
  private static final int BATCH = 50;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Fields that are not free text or ids: their values are checked by type, not searched. */
  private static final Set<String> NOT_TEXT =
      Set.of(
          "event_type",
          "event_time",
          "period_start",
          "period_end",
          "report_time",
          "ip",
          "currency",
          "country",
          "status",
          "match_type");

  private static final List<String> SEPARATORS =
      List.of(" ", "-", ".", "/", "_", "\u00A0", "\u2013", "\u2014", "\u2009");

  /** Zero of a few scripts' decimal digits: ASCII, fullwidth, Arabic-Indic, Devanagari. */
  private static final List<Integer> ZEROS = List.of((int) '0', 0xFF10, 0x0660, 0x0966);

  private final KeyRing keys = KeyRing.of(new VersionedSecret(2, new byte[32]));
  private final EventCodec codec = EventCodec.builder().build();

  /**
   * One planted value: its canonical form (the digits, or the email's local part in lower case).
   */
  private record Planted(String canonical, boolean card, String where) {}

  @Test
  void noCardNumberOrEmailInAnyTextFieldOfAnyTypeSurvivesTheProcessor() throws Exception {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    RandomEvents events = new RandomEvents(random.split());
    int planted = 0;
    for (int batch = 0; batch < EVENTS / BATCH; batch++) {
      StageHarness harness = new StageHarness();
      List<byte[]> outputs = new ArrayList<>();
      BatchProcessor processor =
          BatchProcessor.builder()
              .codec(codec)
              .replayCodec(EventCodec.builder().maskedInput(true).build())
              .masker(PiiMasker.builder().keyProvider(keys).build())
              .sealer(QuarantineSealer.builder().keyProvider(keys).build())
              .replayEnvelopes(ReplayEnvelope.builder().keyProvider(keys).build())
              .stage(harness.stage())
              .landing(lines -> lines.forEach((destination, l) -> outputs.addAll(l)))
              .metrics(metrics -> outputs.add(metrics.toString().getBytes(StandardCharsets.UTF_8)))
              .alerts(
                  raised -> {
                    outputs.add(raised.toString().getBytes(StandardCharsets.UTF_8));
                    return raised;
                  })
              .clock(Clock.fixed(io.adstream.event.EventSamples.NOW, ZoneOffset.UTC))
              .build();
      List<SourceRecord> records = new ArrayList<>();
      List<Planted> values = new ArrayList<>();
      for (int i = 0; i < BATCH; i++) {
        ObjectNode event =
            (ObjectNode)
                JSON.readTree(
                    codec.encode(events.next(EventType.values()[i % EventType.values().length])));
        List<String> fields = new ArrayList<>();
        event
            .properties()
            .forEach(
                f -> {
                  if (f.getValue().isTextual() && !NOT_TEXT.contains(f.getKey())) {
                    fields.add(f.getKey());
                  }
                });
        String field = fields.get(random.nextInt(fields.size()));
        String text = event.get(field).asText();
        Planted value;
        String form;
        if (random.nextBoolean()) {
          String digits = cardNumber(random);
          form = cardForm(digits, random);
          value =
              new Planted(
                  digits,
                  true,
                  event.get("event_type").asText() + "." + field + " = " + escaped(form));
        } else {
          String local =
              "p" + random.nextInt(1_000_000) + ".x" + Integer.toHexString(random.nextInt());
          form = emailForm(local, random);
          value =
              new Planted(
                  local.toLowerCase(Locale.ROOT),
                  false,
                  event.get("event_type").asText() + "." + field + " = " + escaped(form));
        }
        // beside the field's text: after a space or a semicolon in free text, or after a dash,
        // inside what is still an id
        String separator = List.of(" ", ";", "-").get(random.nextInt(3));
        event.put(field, random.nextBoolean() ? text + separator + form : form + separator + text);
        values.add(value);
        records.add(
            new SourceRecord(
                StageHarness.STREAM,
                "shardId-000000000000",
                String.valueOf(1_000 + batch * BATCH + i),
                "pk",
                io.adstream.event.EventSamples.NOW,
                JSON.writeValueAsBytes(event)));
      }
      processor.process(records);
      outputs.add(harness.aggregates.snapshot().toString().getBytes(StandardCharsets.UTF_8));
      outputs.add(harness.users.snapshot().toString().getBytes(StandardCharsets.UTF_8));
      outputs.add(harness.devices.snapshot().toString().getBytes(StandardCharsets.UTF_8));
      outputs.add(harness.floods.snapshot().toString().getBytes(StandardCharsets.UTF_8));
      outputs.add(harness.sources.snapshot().toString().getBytes(StandardCharsets.UTF_8));
      outputs.add(harness.campaigns.settings().toString().getBytes(StandardCharsets.UTF_8));
      outputs.add(harness.campaigns.semRows().toString().getBytes(StandardCharsets.UTF_8));

      StringBuilder digits = new StringBuilder();
      StringBuilder text = new StringBuilder();
      for (byte[] output : outputs) {
        String decoded = unescaped(new String(output, StandardCharsets.UTF_8));
        text.append(decoded.toLowerCase(Locale.ROOT)).append('\n');
        decoded
            .codePoints()
            .filter(Character::isDigit)
            .forEach(c -> digits.append((char) ('0' + Character.digit(c, 10))));
        digits.append('|');
      }
      for (Planted value : values) {
        assertThat(value.card() ? digits : text)
            .as("seed %d: %s", seed, value.where())
            .doesNotContain(value.canonical());
        planted++;
      }
    }
    assertThat(planted).isEqualTo(EVENTS);
  }

  /** A random card number of a random brand at a length it issues, with its Luhn check digit. */
  private static String cardNumber(SplittableRandom random) {
    String[][] brands = {
      {"4", "16"},
      {"4", "13"},
      {"51", "16"},
      {"2221", "16"},
      {"34", "15"},
      {"37", "15"},
      {"6011", "16"},
      {"3530", "16"},
      {"36", "14"},
      {"62", "16"},
      {"2200", "16"},
      {"6759", "12"},
      {"6304", "19"}
    };
    String[] brand = brands[random.nextInt(brands.length)];
    StringBuilder digits = new StringBuilder(brand[0]);
    int length = Integer.parseInt(brand[1]);
    while (digits.length() < length - 1) {
      digits.append(random.nextInt(10));
    }
    for (int check = 0; check < 10; check++) {
      if (luhn(digits + String.valueOf(check))) {
        return digits.append(check).toString();
      }
    }
    throw new IllegalStateException("one check digit always fits");
  }

  private static boolean luhn(String digits) {
    int sum = 0;
    for (int i = digits.length() - 1, position = 0; i >= 0; i--, position++) {
      int d = digits.charAt(i) - '0';
      sum += position % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
    }
    return sum % 10 == 0;
  }

  /**
   * The card as written: grouped or not, with any separator, in any script, glued to letters, with
   * zero-width spaces.
   */
  private static String cardForm(String digits, SplittableRandom random) {
    int zero = ZEROS.get(random.nextInt(ZEROS.size()));
    StringBuilder written = new StringBuilder();
    digits.chars().forEach(d -> written.appendCodePoint(zero + d - '0'));
    String script = written.toString();
    return switch (random.nextInt(4)) {
      case 0 -> (random.nextBoolean() ? "card" : "") + script + (random.nextBoolean() ? "x" : "");
      case 1 -> String.join("\u200B", script.codePoints().mapToObj(Character::toString).toList());
      default -> {
        String separator = SEPARATORS.get(random.nextInt(SEPARATORS.size()));
        List<String> groups = new ArrayList<>();
        int[] sizes =
            digits.length() == 15
                ? new int[] {4, 6, 5}
                : digits.length() == 14 ? new int[] {4, 6, 4} : null;
        int at = 0;
        for (int g = 0; at < digits.length(); g++) {
          int size = sizes != null ? sizes[g] : Math.min(4, digits.length() - at);
          groups.add(script.substring(at, at + size));
          at += size;
        }
        yield String.join(separator, groups);
      }
    };
  }

  private static String emailForm(String local, SplittableRandom random) {
    String domain = "mail" + random.nextInt(1000) + ".example.com";
    return switch (random.nextInt(4)) {
      case 0 -> local + "@" + domain;
      case 1 -> (local + "@" + domain).toUpperCase(Locale.ROOT);
      case 2 -> local + "\uFF20" + domain;
      default -> "<" + local + "@" + domain + ">";
    };
  }

  /**
   * JSON output escapes non-ASCII as backslash-u sequences where it chooses to: read them back as
   * characters.
   */
  private static String unescaped(String text) {
    if (!text.contains("\\u")) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      if (text.startsWith("\\u", i) && i + 6 <= text.length()) {
        try {
          out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
          i += 5;
          continue;
        } catch (NumberFormatException notAnEscape) {
          // an ordinary backslash followed by u
        }
      }
      out.append(text.charAt(i));
    }
    return out.toString();
  }

  private static String escaped(String form) {
    StringBuilder out = new StringBuilder();
    form.codePoints()
        .forEach(c -> out.append(c < 0x80 ? Character.toString(c) : String.format("\\u%04X", c)));
    return out.toString();
  }
}
