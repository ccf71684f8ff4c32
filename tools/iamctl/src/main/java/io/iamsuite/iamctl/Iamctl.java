package io.iamsuite.iamctl;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The suite's command line: {@code iamctl <command>}; {@code iamctl help <command>} explains one. */
@Command(name = "iamctl", mixinStandardHelpOptions = true, version = "iamctl 0.1.0",
        description = "Operates an IAM suite over its HTTP API.",
        subcommands = {BootstrapCommand.class, ReplayCommand.class, WhoCanCommand.class, WhyCommand.class,
                DiffCommand.class, RebuildCommand.class, SnapshotCommand.class, CommandLine.HelpCommand.class})
public class Iamctl implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and answers its exit code (tests call this instead of main). */
    static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Exit code of a command line an option's value cannot be read from (picocli's own usage errors too). */
    static final int USAGE = 2;

    /**
     * The command line: a value an option cannot be read from (e.g. {@code --resource} without {@code TYPE:ID})
     * is a one-line message and exit code {@value #USAGE}, not a stack trace.
     */
    static CommandLine commandLine() {
        return new CommandLine(new Iamctl()).setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                command.getErr().println(e.getMessage());
                command.getErr().flush();
                return USAGE;
            }
            throw e;
        });
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a command (iamctl help)");
    }
}
