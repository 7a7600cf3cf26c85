package org.llmadvisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Responses are gzipped for clients that ask, the full-catalog advice above all. */
@QuarkusTest
class CompressionTest {

  private static final String ADVICE =
      "{\"workload\": {\"requestsPerDay\": 1000, \"activeHoursPerDay\": 10, \"peakFactor\": 2,"
          + " \"inputTokens\": 500, \"outputTokens\": 200, \"parallel\": 4},"
          + " \"latencyTargetMs\": 10000, \"monthlyBudgetUsd\": 500, \"thisMachine\": \"exclude\"}";

  @TestHTTPResource("/api/advice")
  URI advice;

  @TestHTTPResource("/")
  URI page;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<byte[]> post(URI uri, String body, boolean gzip)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (gzip) {
      b.header("Accept-Encoding", "gzip");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void should_gzip_the_advice_for_a_client_that_accepts_it_and_not_for_one_that_does_not()
      throws Exception {
    HttpResponse<byte[]> zipped = post(advice, ADVICE, true);
    HttpResponse<byte[]> plain = post(advice, ADVICE, false);

    assertThat(zipped.statusCode()).isEqualTo(200);
    assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes();
    JsonNode json = new ObjectMapper().readTree(unzipped);
    assertThat(json.get("recommendations").size()).isGreaterThan(100);
    System.out.printf("advice: %,d bytes, %,d gzipped%n", unzipped.length, zipped.body().length);
    assertThat(zipped.body().length).isLessThan(unzipped.length / 5);

    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.headers().firstValue("Content-Encoding").orElse("identity"))
        .isEqualTo("identity");
    assertThat(new ObjectMapper().readTree(plain.body()).get("recommendations").size())
        .isEqualTo(json.get("recommendations").size());
  }

  @Test
  void should_gzip_the_web_page() throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(page).header("Accept-Encoding", "gzip").GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes()))
        .contains("<html");
  }
}
