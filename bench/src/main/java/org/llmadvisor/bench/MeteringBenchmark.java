package org.llmadvisor.bench;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.llmadvisor.core.catalog.OfferingCatalog;
import org.llmadvisor.core.cost.TokenPrice;
import org.llmadvisor.providers.CatalogEntry;
import org.llmadvisor.providers.Deployment;
import org.llmadvisor.providers.DeploymentDescription;
import org.llmadvisor.providers.DeploymentSettings;
import org.llmadvisor.providers.ProviderType;
import org.llmadvisor.providers.Readiness;
import org.llmadvisor.providers.factory.Deployments;
import org.llmadvisor.providers.metering.MeteredDeployment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What metering adds to a call: the same OpenAI-protocol call against a loopback server, plain and
 * metered, and the metering alone around an in-process model.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
// the JDK server otherwise holds each response's body for the client's delayed ACK (Nagle): +40 ms
@Fork(value = 1, jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
public class MeteringBenchmark {

  private static final String BODY =
      "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\"},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}";

  private HttpServer server;
  private ChatModel plain;
  private ChatModel metered;
  private ChatModel inProcess;
  private ChatModel inProcessMetered;
  private final LongAdder recorded = new LongAdder();
  private final ChatRequest request =
      ChatRequest.builder().messages(UserMessage.from("Hello")).build();

  @Setup
  public void setUp() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    DeploymentSettings s =
        new DeploymentSettings(
            "bench",
            ProviderType.OPENAI,
            "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
            "gpt-4o-mini",
            Optional.of("sk-bench"),
            Optional.empty(),
            Optional.empty(),
            Duration.ofSeconds(10));
    Deployment d = Deployments.create(s, OfferingCatalog.bundled());
    plain = d.chatModel();
    metered = new MeteredDeployment(d).addListener(r -> recorded.increment()).chatModel();
    ChatResponse fixed =
        ChatResponse.builder()
            .aiMessage(AiMessage.from("Hello there"))
            .tokenUsage(new TokenUsage(9, 2))
            .build();
    inProcess =
        new ChatModel() {
          @Override
          public ChatResponse doChat(ChatRequest r) {
            return fixed;
          }
        };
    Deployment local = new InProcess(inProcess);
    inProcessMetered =
        new MeteredDeployment(local).addListener(r -> recorded.increment()).chatModel();
  }

  @TearDown
  public void tearDown() {
    server.stop(0);
  }

  @Benchmark
  public ChatResponse loopbackPlain() {
    return plain.chat(request);
  }

  @Benchmark
  public ChatResponse loopbackMetered() {
    return metered.chat(request);
  }

  @Benchmark
  public ChatResponse inProcessPlain() {
    return inProcess.chat(request);
  }

  @Benchmark
  public ChatResponse inProcessMetered() {
    return inProcessMetered.chat(request);
  }

  private record InProcess(ChatModel chatModel) implements Deployment {
    @Override
    public DeploymentDescription description() {
      return new DeploymentDescription(
          "in-process",
          ProviderType.OPENAI,
          "gpt-4o-mini",
          new CatalogEntry(
              false,
              TokenPrice.of(0.15, 0.6),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              "bench"),
          Optional.empty(),
          "in-process");
    }

    @Override
    public dev.langchain4j.model.chat.StreamingChatModel streamingChatModel() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Readiness ready() {
      return Readiness.up("in-process");
    }
  }
}
