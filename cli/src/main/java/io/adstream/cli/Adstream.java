package io.adstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code adstream} command line: one subcommand per tool. Exit codes: 0 ok, 1 failure, 2 usage. */
@Command(
    name = "adstream",
    mixinStandardHelpOptions = true,
    versionProvider = Adstream.Version.class,
    description = "adstream: the serverless real-time ad event pipeline's command line.",
    subcommands = {LocalCommand.class, GenerateCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class Adstream {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with adstream's error handling: a failure prints its message, not a stack trace. */
  public static CommandLine commandLine() {
    return new CommandLine(new Adstream())
        .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
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
