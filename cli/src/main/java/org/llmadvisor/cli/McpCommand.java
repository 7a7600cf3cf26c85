package org.llmadvisor.cli;

import io.modelcontextprotocol.server.McpSyncServer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.llmadvisor.core.advice.Advice;
import org.llmadvisor.mcp.AdvisorTools;
import org.llmadvisor.mcp.McpServers;
import org.llmadvisor.service.AdviceResponse;
import org.llmadvisor.service.Advising;
import org.llmadvisor.service.Catalogs;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./advisor mcp}: the MCP server over stdio, for clients that spawn a command (Claude
 * Desktop, Claude Code, IDE agents). Standard output carries only MCP messages; logs go to standard
 * error. It serves until the client closes standard input.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "mcp",
    description = {
      "The MCP server over stdio: tools estimate, advise, fit, system, list_models,"
          + " list_hardware.",
      "Configure a client to run: ./advisor mcp"
    })
final class McpCommand implements Callable<Integer> {

  @ParentCommand AdvisorCli root;

  @Override
  public Integer call() throws InterruptedException {
    CliContext c = root.context();
    Catalogs catalogs = c.catalogs();
    CountDownLatch closed = new CountDownLatch(1);
    InputStream in =
        new FilterInputStream(System.in) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
              closed.countDown();
            }
            return n;
          }

          @Override
          public int read() throws IOException {
            int n = super.read();
            if (n < 0) {
              closed.countDown();
            }
            return n;
          }
        };
    McpSyncServer server =
        McpServers.stdio(
            AdvisorTools.of(
                catalogs,
                body -> {
                  Advice a = Advising.advise(catalogs, c.thisMachine(), body);
                  return new AdviceResponse(a, Map.of());
                },
                c::machine),
            in,
            System.out);
    closed.await();
    server.closeGracefully();
    return 0;
  }
}
