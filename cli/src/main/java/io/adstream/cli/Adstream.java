package io.adstream.cli;

import io.adstream.aws.AwsClientFactory;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code adstream} command line: one subcommand per tool. Exit codes: 0 ok, 1 failure, 2 usage.
 */
@Command(
    name = "adstream",
    mixinStandardHelpOptions = true,
    versionProvider = Adstream.Version.class,
    description = "adstream: the serverless real-time ad event pipeline's command line.",
    subcommands = {
      LocalCommand.class,
      GenerateCommand.class,
      BatchCommand.class,
      ReconcileCommand.class,
      ReplayCommand.class,
      RedriveCommand.class,
      CostCommand.class,
      ServeCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Adstream {
  /** The AWS clients of the commands that talk to AWS (or AWS_ENDPOINT_URL): made on first use. */
  private final Supplier<AwsClientFactory> aws;

  private Adstream(Supplier<AwsClientFactory> aws) {
    this.aws = aws;
  }

  AwsClientFactory aws() {
    return aws.get();
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with adstream's error handling: a failure prints its message, not a stack
   * trace.
   */
  public static CommandLine commandLine() {
    return commandLine(AwsClientFactory::fromEnvironment);
  }

  /** The command line with the given AWS clients (tests give the emulator's). */
  public static CommandLine commandLine(Supplier<AwsClientFactory> aws) {
    return new CommandLine(new Adstream(aws))
        .setExecutionExceptionHandler(
            (e, commandLine, parseResult) -> {
              commandLine.getErr().println(commandLine.getCommandName() + ": " + e.getMessage());
              return CommandLine.ExitCode.SOFTWARE;
            });
  }

  /** The version the jar was built as. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Adstream.class.getPackage().getImplementationVersion();
      return new String[] {"adstream " + (version == null ? "(development build)" : version)};
    }
  }
}
