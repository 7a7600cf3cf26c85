package org.llmadvisor.app.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.llmadvisor.app.config.AccessKeys;
import org.llmadvisor.mcp.AdvisorTools;
import org.llmadvisor.mcp.McpServers;
import org.llmadvisor.service.CatalogRows;
import org.llmadvisor.service.ErrorBody;
import org.llmadvisor.service.FitRequest;
import org.llmadvisor.service.FitResponse;
import org.llmadvisor.service.ServiceJson;
import reactor.core.publisher.Mono;

/**
 * MCP over streamable HTTP at {@code /mcp}, behind the same API keys as {@code /v1}.
 *
 * <p>Why not the SDK's servlet transport: the app serves HTTP with Vert.x and RESTEasy Reactive,
 * without a servlet container; adding Undertow for one endpoint would bring a second HTTP stack.
 * The SDK's stateless transport contract ({@link McpStatelessServerTransport}) is small: hand each
 * JSON-RPC request to the SDK's handler and write its response as one JSON body. This class does
 * that on a Vert.x route, as the SDK's {@code HttpServletStatelessServerTransport} does on a
 * servlet, so the protocol (initialize, tools/list, tools/call, errors) stays the SDK's.
 *
 * <p>Stateless: no session id, no server-initiated stream ({@code GET /mcp} is 405, which
 * streamable HTTP clients accept), every call answered in its own response; any replica can answer
 * any call. Without API keys a browser request from a non-loopback origin is refused, against DNS
 * rebinding.
 *
 * <p>A native image reads and writes the SDK's protocol records and the tools' requests and answers
 * by reflection, hence their registration here.
 */
@ApplicationScoped
@RegisterForReflection(
    targets = {
      McpSchema.class,
      FitRequest.class,
      FitResponse.class,
      FitResponse.Row.class,
      CatalogRows.ModelFilter.class,
      CatalogRows.HardwareFilter.class,
      AdvisorTools.NoArguments.class,
      AppTools.UsageArguments.class
    },
    ignoreNested = false)
public class McpRoute implements McpStatelessServerTransport {

  private static final Logger LOG = Logger.getLogger(McpRoute.class);
  static final int MAX_BODY = 4 << 20;

  @Inject AccessKeys keys;
  @Inject AppTools tools;

  private final McpJsonMapper json = McpServers.json();
  private volatile McpStatelessServerHandler handler;
  private volatile McpStatelessSyncServer server;
  private volatile boolean closing;

  void start(@Observes StartupEvent e) {
    server = McpServers.stateless(tools.tools(), this);
  }

  void stop(@Observes ShutdownEvent e) {
    closing = true;
    if (server != null) {
      server.closeGracefully();
    }
  }

  void init(@Observes Router http) {
    http.post("/mcp")
        .handler(BodyHandler.create().setBodyLimit(MAX_BODY))
        .blockingHandler(this::post, false);
    http.get("/mcp")
        .handler(ctx -> refuse(ctx, 405, "method_not_allowed", "POST JSON-RPC to /mcp"));
    http.delete("/mcp")
        .handler(ctx -> refuse(ctx, 405, "method_not_allowed", "this server keeps no session"));
  }

  @Override
  public void setMcpHandler(McpStatelessServerHandler mcpHandler) {
    this.handler = mcpHandler;
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(() -> closing = true);
  }

  void post(RoutingContext ctx) {
    HttpServerResponse res = ctx.response();
    if (!keys.allows(ctx.request().getHeader("Authorization"))) {
      res.putHeader("WWW-Authenticate", "Bearer");
      refuse(ctx, 401, "unauthorized", "a valid API key is required: Authorization: Bearer <key>");
      return;
    }
    if (!keys.required() && !loopback(ctx.request().getHeader("Origin"))) {
      refuse(ctx, 403, "forbidden", "requests from this Origin are refused without API keys");
      return;
    }
    if (closing || handler == null) {
      refuse(ctx, 503, "unavailable", "the server is starting or stopping");
      return;
    }
    String accept = ctx.request().getHeader("Accept");
    if (accept == null
        || !(accept.contains("application/json") && accept.contains("text/event-stream"))) {
      jsonRpcError(
          res,
          400,
          McpSchema.ErrorCodes.INVALID_REQUEST,
          "Accept must list application/json and text/event-stream");
      return;
    }
    McpSchema.JSONRPCMessage message;
    try {
      message =
          McpSchema.deserializeJsonRpcMessage(
              json, ctx.body() == null ? "" : ctx.body().asString("UTF-8"));
    } catch (IOException | IllegalArgumentException e) {
      jsonRpcError(res, 400, McpSchema.ErrorCodes.PARSE_ERROR, "not a JSON-RPC message");
      return;
    }
    McpTransportContext context = McpTransportContext.EMPTY;
    try {
      if (message instanceof McpSchema.JSONRPCRequest request) {
        McpSchema.JSONRPCResponse response =
            handler
                .handleRequest(context, request)
                .contextWrite(c -> c.put(McpTransportContext.KEY, context))
                .block();
        res.setStatusCode(200)
            .putHeader("Content-Type", "application/json")
            .end(json.writeValueAsString(response));
      } else if (message instanceof McpSchema.JSONRPCNotification notification) {
        handler
            .handleNotification(context, notification)
            .contextWrite(c -> c.put(McpTransportContext.KEY, context))
            .block();
        res.setStatusCode(202).end();
      } else {
        jsonRpcError(
            res, 400, McpSchema.ErrorCodes.INVALID_REQUEST, "send requests or notifications");
      }
    } catch (IOException | RuntimeException e) {
      LOG.errorf(e, "MCP request failed");
      jsonRpcError(res, 500, McpSchema.ErrorCodes.INTERNAL_ERROR, "internal error; see the log");
    }
  }

  /** An Origin a browser on this machine sends; absent (not a browser) is fine too. */
  static boolean loopback(String origin) {
    if (origin == null || origin.isBlank()) {
      return true;
    }
    try {
      String host = URI.create(origin).getHost();
      return host != null
          && (host.equals("localhost")
              || host.startsWith("127.")
              || host.equals("[::1]")
              || host.toLowerCase(Locale.ROOT).endsWith(".localhost"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void jsonRpcError(HttpServerResponse res, int status, int code, String message) {
    try {
      res.setStatusCode(status)
          .putHeader("Content-Type", "application/json")
          .end(json.writeValueAsString(McpError.builder(code).message(message).build()));
    } catch (IOException e) {
      res.setStatusCode(status).end();
    }
  }

  private static void refuse(RoutingContext ctx, int status, String code, String message) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(ServiceJson.write(ErrorBody.of(code, "", message)));
  }
}
