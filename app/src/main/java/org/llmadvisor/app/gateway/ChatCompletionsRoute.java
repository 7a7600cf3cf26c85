package org.llmadvisor.app.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.llmadvisor.app.config.AccessKeys;
import org.llmadvisor.app.config.BodyLimit;
import org.llmadvisor.app.ledger.LedgerException;
import org.llmadvisor.app.routing.DeploymentRegistry;
import org.llmadvisor.app.routing.RoutingFailure;
import org.llmadvisor.providers.ProviderException;
import org.llmadvisor.providers.metering.CallRecord;
import org.llmadvisor.service.JsonErrors;

/**
 * {@code POST /v1/chat/completions} and {@code GET /v1/models}, OpenAI-compatible, so OpenAI's
 * SDKs, LangChain and langchain4j's OpenAiChatModel work unchanged against this base URL. Served on
 * Vert.x directly: one endpoint answers JSON or a server-sent event stream depending on the body,
 * and streaming must commit to a deployment only when its first token arrives.
 */
@ApplicationScoped
public class ChatCompletionsRoute {

  private static final Logger LOG = Logger.getLogger(ChatCompletionsRoute.class);

  @Inject ObjectMapper json;
  @Inject org.llmadvisor.app.routing.Router router;
  @Inject DeploymentRegistry registry;
  @Inject AccessKeys keys;
  @Inject BodyLimit limit;

  void init(@Observes Router http) {
    // a declared Content-Length over the limit is answered here, just before Quarkus's own check
    // would answer an empty 413; a chunked body is counted by the body handler as it arrives
    http.route("/v1/*")
        .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
        .handler(
            ctx -> {
              if (!BodyLimit.refuse(
                  ctx, limit.bytes(), p -> OpenAiErrors.of(p).body(json).toString())) {
                ctx.next();
              }
            });
    http.post("/v1/chat/completions")
        .handler(BodyHandler.create().setBodyLimit(limit.bytes()))
        .failureHandler(
            ctx -> {
              if (ctx.statusCode() == 413) {
                error(ctx.response(), OpenAiErrors.of(JsonErrors.tooLarge(limit.bytes())));
              } else {
                ctx.next();
              }
            })
        .blockingHandler(this::chat, false);
    http.get("/v1/models").handler(this::models);
  }

  void models(RoutingContext ctx) {
    if (!keys.allows(ctx.request().getHeader("Authorization"))) {
      error(ctx.response(), OpenAiErrors.unauthorized());
      return;
    }
    ObjectNode o = json.createObjectNode().put("object", "list");
    var data = o.putArray("data");
    long created = Instant.now().getEpochSecond();
    data.addObject()
        .put("id", "auto")
        .put("object", "model")
        .put("created", created)
        .put("owned_by", "llm-deployment-advisor");
    for (String id : registry.enabledIds()) {
      data.addObject()
          .put("id", id)
          .put("object", "model")
          .put("created", created)
          .put("owned_by", registry.find(id).map(d -> d.provider().key()).orElse(""));
    }
    ctx.response().putHeader("Content-Type", "application/json").end(o.toString());
  }

  void chat(RoutingContext ctx) {
    HttpServerResponse res = ctx.response();
    String requestId = UUID.randomUUID().toString().replace("-", "");
    res.putHeader("x-request-id", requestId);
    try {
      if (!keys.allows(ctx.request().getHeader("Authorization"))) {
        throw OpenAiErrors.unauthorized();
      }
      String type = ctx.request().getHeader("Content-Type");
      if (type != null && !JsonErrors.isJson(type)) {
        throw OpenAiErrors.of(JsonErrors.unsupportedType(type));
      }
      String raw = ctx.body() == null ? null : ctx.body().asString("UTF-8");
      if (raw == null || raw.isBlank()) {
        throw OpenAiErrors.invalid(
            null, "body is required: a JSON chat completion request with model and messages");
      }
      JsonNode body;
      try {
        body = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(raw);
      } catch (JsonProcessingException e) {
        throw OpenAiErrors.of(JsonErrors.of(e));
      }
      OpenAiMapping.Parsed p = OpenAiMapping.parse(body);
      String id = "chatcmpl-" + requestId;
      long created = Instant.now().getEpochSecond();
      if (!p.stream()) {
        var served = router.chat(p.model(), p.request(), p.maxTokens(), requestId);
        CallRecord rec = served.record();
        res.putHeader("Content-Type", "application/json")
            .putHeader("x-advisor-deployment", served.deploymentId())
            .putHeader("x-advisor-cost-usd", rec.costUsd().toPlainString())
            .end(
                OpenAiMapping.completion(
                        json, id, created, served.deploymentId(), served.response(), rec)
                    .toString());
        return;
      }
      router.stream(
          p.model(),
          p.request(),
          p.maxTokens(),
          requestId,
          new SseSink(res, id, created, p.includeUsage()));
    } catch (OpenAiError e) {
      error(res, e);
    } catch (RoutingFailure e) {
      error(res, OpenAiErrors.of(e));
    } catch (LedgerException e) {
      LOG.errorf("ledger unavailable: %s", e.getMessage());
      error(res, OpenAiErrors.ledgerUnavailable());
    } catch (RuntimeException e) {
      LOG.error("chat failed", e);
      error(res, OpenAiErrors.internal());
    }
  }

  private void error(HttpServerResponse res, OpenAiError e) {
    if (res.headWritten()) {
      return;
    }
    res.setStatusCode(e.status()).putHeader("Content-Type", "application/json");
    if (e.retryAfterSeconds() != null) {
      res.putHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
    }
    res.end(e.body(json).toString());
  }

  /** Writes OpenAI's chunk stream: role, content deltas, finish, optional usage, [DONE]. */
  private final class SseSink implements org.llmadvisor.app.routing.Router.StreamSink {
    private final HttpServerResponse res;
    private final String id;
    private final long created;
    private final boolean includeUsage;
    private final Set<Integer> calls = new HashSet<>();
    private String model;

    SseSink(HttpServerResponse res, String id, long created, boolean includeUsage) {
      this.res = res;
      this.id = id;
      this.created = created;
      this.includeUsage = includeUsage;
    }

    private void send(ObjectNode o) {
      res.write("data: " + o + "\n\n");
    }

    @Override
    public void start(String deploymentId) {
      model = deploymentId;
      res.setChunked(true)
          .putHeader("Content-Type", "text/event-stream")
          .putHeader("Cache-Control", "no-cache")
          .putHeader("x-advisor-deployment", deploymentId);
      ObjectNode c = OpenAiMapping.chunk(json, id, created, model);
      ObjectNode choice = c.putArray("choices").addObject();
      choice.put("index", 0);
      choice.putObject("delta").put("role", "assistant").put("content", "");
      choice.putNull("finish_reason");
      send(c);
    }

    @Override
    public void token(String text) {
      ObjectNode c = OpenAiMapping.chunk(json, id, created, model);
      ObjectNode choice = c.putArray("choices").addObject();
      choice.put("index", 0);
      choice.putObject("delta").put("content", text);
      choice.putNull("finish_reason");
      send(c);
    }

    @Override
    public void toolCall(int index, String callId, String name, String arguments) {
      ObjectNode c = OpenAiMapping.chunk(json, id, created, model);
      ObjectNode choice = c.putArray("choices").addObject();
      choice.put("index", 0);
      ObjectNode call = choice.putObject("delta").putArray("tool_calls").addObject();
      call.put("index", index);
      ObjectNode fn;
      // id, type and name open a call; later fragments carry only more of its arguments
      if (calls.add(index)) {
        call.put("id", OpenAiTools.id(callId, index)).put("type", "function");
        fn = call.putObject("function").put("name", name);
      } else {
        fn = call.putObject("function");
      }
      fn.put("arguments", arguments == null ? "" : arguments);
      choice.putNull("finish_reason");
      send(c);
    }

    @Override
    public void complete(ChatResponse response, CallRecord rec) {
      AiMessage ai = response.aiMessage();
      if (calls.isEmpty() && ai != null && ai.hasToolExecutionRequests()) {
        // a provider that gives its calls whole (Ollama) streams each as one fragment
        List<ToolExecutionRequest> whole = ai.toolExecutionRequests();
        for (int i = 0; i < whole.size(); i++) {
          ToolExecutionRequest t = whole.get(i);
          toolCall(i, t.id(), t.name(), t.arguments());
        }
      }
      ObjectNode c = OpenAiMapping.chunk(json, id, created, model);
      ObjectNode choice = c.putArray("choices").addObject();
      choice.put("index", 0);
      choice.putObject("delta");
      choice.put("finish_reason", OpenAiMapping.finish(response));
      send(c);
      if (includeUsage) {
        ObjectNode u = OpenAiMapping.chunk(json, id, created, model);
        u.putArray("choices");
        OpenAiMapping.usage(u.putObject("usage"), rec);
        u.putObject("advisor")
            .put("deployment", model)
            .put("costUsd", rec.costUsd().toPlainString());
        send(u);
      }
      res.end("data: [DONE]\n\n");
    }

    @Override
    public void fail(ProviderException error) {
      send(OpenAiErrors.streamInterrupted(json, error));
      res.end("data: [DONE]\n\n");
    }
  }
}
