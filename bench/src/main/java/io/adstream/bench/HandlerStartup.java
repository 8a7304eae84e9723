package io.adstream.bench;

import io.adstream.aws.AwsService;
import io.adstream.aws.ProvisioningPlan;
import io.adstream.config.AdstreamConfig;
import io.adstream.config.ProcessorEnvironment;
import io.adstream.local.emulator.LocalAws;
import io.adstream.local.provision.LocalProvisioner;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * the budgets (docs/guarantees.md)'s "handler ready < 1.5 s from JVM start": starts fresh JVMs on
 * the deployable jar, each of which builds the processor handler from its environment and processes
 * one record against the embedded emulator ({@link HandlerStartupProbe}), and prints the times from
 * JVM start, per JVM option set.
 *
 * <p>{@code ./mvnw -B -q -pl bench -am verify -DskipTests -Dadstream.handlerStartup=7} runs it from
 * the repository root with 7 JVMs per option set. Arguments: {@code [runs [JVM options]]}; the
 * options go to every probe JVM (e.g. {@code -XX:StartFlightRecording=filename=probe.jfr} to see
 * where its time goes).
 */
public final class HandlerStartup {
  private static final Pattern PROBE_LINE = Pattern.compile("init_ms=(\\d+) first_batch_ms=(\\d+)");
  private static final Map<String, List<String>> OPTION_SETS =
      Map.of(
          "default JIT", List.of(),
          "C1 only (-XX:TieredStopAtLevel=1, Lambda's Java default)",
              List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));

  private HandlerStartup() {}

  public static void main(String[] args) throws Exception {
    // -Dadstream.handlerStartup alone passes "true"
    int runs =
        args.length > 0 && args[0].strip().matches("\\d+") ? Integer.parseInt(args[0].strip()) : 7;
    List<String> extraOptions = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
    String classpath =
        lambdaJar() + File.pathSeparator + Path.of("bench", "target", "classes").toAbsolutePath();
    AdstreamConfig config = AdstreamConfig.defaults();
    ProvisioningPlan plan = ProvisioningPlan.of(config);
    try (LocalAws aws = LocalAws.start()) {
      new LocalProvisioner(aws.clients()).provision(plan);
      Map<String, String> environment = new java.util.HashMap<>();
      for (AwsService service : AwsService.values()) {
        aws.target()
            .endpoint(service)
            .ifPresent(uri -> environment.put(service.endpointVariable(), uri.toString()));
      }
      aws.target().region().ifPresent(region -> environment.put("AWS_REGION", region));
      environment.put(AdstreamConfig.ENVIRONMENT_VARIABLE, config.toJson());
      environment.put(ProcessorEnvironment.ALERT_TOPIC_ARN, plan.alertTopicArn());
      environment.put("PROBE_STREAM_ARN", plan.streamArn());
      System.out.printf("%d cold JVMs per option set; ms from JVM start (median / max)%n", runs);
      for (Map.Entry<String, List<String>> options :
          new java.util.TreeMap<>(OPTION_SETS).entrySet()) {
        long[] init = new long[runs];
        long[] firstBatch = new long[runs];
        for (int run = 0; run < runs; run++) {
          List<String> jvmOptions = new ArrayList<>(options.getValue());
          jvmOptions.addAll(extraOptions);
          long[] times = probe(classpath, jvmOptions, environment);
          init[run] = times[0];
          firstBatch[run] = times[1];
        }
        System.out.printf(
            "| %s | handler ready %d / %d | first batch done %d / %d |%n",
            options.getKey(), median(init), max(init), median(firstBatch), max(firstBatch));
      }
    }
  }

  private static long[] probe(
      String classpath, List<String> options, Map<String, String> environment)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.addAll(List.of("-cp", classpath, HandlerStartupProbe.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Path log = Files.createTempFile("adstream-startup-probe", ".log");
    Process process = builder.redirectOutput(log.toFile()).start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "the startup probe did not finish in 2 minutes; its output:\n" + Files.readString(log));
    }
    int exit = process.exitValue();
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    Matcher matcher = PROBE_LINE.matcher(output);
    if (exit != 0 || !matcher.find()) {
      throw new IllegalStateException("the startup probe failed (exit " + exit + "):\n" + output);
    }
    return new long[] {Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))};
  }

  private static Path lambdaJar() throws IOException {
    try (Stream<Path> jars = Files.list(Path.of("lambdas", "target"))) {
      return jars.filter(p -> p.getFileName().toString().endsWith("-lambda.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no lambdas/target/*-lambda.jar: run from the repository root after packaging"))
          .toAbsolutePath();
    }
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long max(long[] values) {
    return Arrays.stream(values).max().orElseThrow();
  }
}
