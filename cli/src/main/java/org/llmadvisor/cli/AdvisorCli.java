package org.llmadvisor.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.llmadvisor.core.data.CatalogException;
import org.llmadvisor.core.gguf.GgufFormatException;
import org.llmadvisor.core.model.ArchitectureException;
import org.llmadvisor.core.speed.MissingSpecException;
import org.llmadvisor.service.ApiException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./advisor}: the advisor in a terminal. Exit codes: 0 done, 2 refused input (the message
 * names the flag or the request field), 1 anything else (the message says what; never a stack
 * trace).
 */
@Command(
    name = "advisor",
    mixinStandardHelpOptions = true,
    version = "advisor 0.1.0",
    description =
        "Sizes open models on hardware, ranks local and cloud deployments, and says what"
            + " runs on this machine.",
    subcommands = {
      EstimateCommand.class,
      AdviseCommand.class,
      FitCommand.class,
      SystemCommand.class,
      ModelsCommand.class,
      HardwareCommand.class,
      McpCommand.class,
      CommandLine.HelpCommand.class
    })
public final class AdvisorCli implements Runnable {

  static final int REFUSED = 2;
  static final int FAILED = 1;

  private final CliContext context;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  AdvisorCli(CliContext context) {
    this.context = context;
  }

  CliContext context() {
    return context;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(System.getenv(), out, err, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line, with these environment variables; returns its exit code. */
  public static int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new AdvisorCli(new CliContext(env)));
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(
        (e, a) -> {
          CommandLine c = e.getCommandLine();
          c.getErr().println(e.getMessage());
          c.getErr().println("See: ./advisor " + name(c) + "--help");
          c.getErr().flush();
          return REFUSED;
        });
    cli.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          String message = refusal(e);
          if (message != null) {
            c.getErr().println(message);
            c.getErr().flush();
            return REFUSED;
          }
          c.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
          c.getErr().flush();
          return FAILED;
        });
    return cli.execute(args);
  }

  /** The message of an exception that means the input is refused; null for any other. */
  static String refusal(Exception e) {
    if (e instanceof BadInput) {
      return e.getMessage();
    }
    if (e instanceof ApiException a) {
      return BaseCommand.terminal(a.getMessage());
    }
    if (e instanceof ArchitectureException
        || e instanceof GgufFormatException
        || e instanceof CatalogException) {
      return e.getMessage();
    }
    if (e instanceof MissingSpecException) {
      return "hardware." + e.getMessage();
    }
    return null;
  }

  private static String name(CommandLine c) {
    return c.getParent() == null ? "" : c.getCommandName() + " ";
  }
}
