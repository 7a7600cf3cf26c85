package org.llmadvisor.app.hardening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.llmadvisor.app.hardening.BadInputTest.EXPECT_CONTINUE;
import static org.llmadvisor.app.hardening.BadInputTest.HUGE_STRING;
import static org.llmadvisor.app.hardening.BadInputTest.assertNoJava;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Refusals at the edge of each door, in that door's error shape: {@code /api}'s {@code {"error":
 * {"code", "field", "message"}}} and OpenAI's {@code {"error": {"message", "type", "param",
 * "code"}}} on {@code /v1}, each naming the field and what it must be, never a Java type or the
 * parser's excerpt.
 */
@QuarkusTest
class EdgeErrorsTest {

  static final String CHAT = "/v1/chat/completions";
  static final String USER = "[{\"role\": \"user\", \"content\": \"x\"}]";

  static String chat(String rest) {
    return "{\"model\": \"auto\", \"messages\": " + USER + rest + "}";
  }

  /** A 400 in OpenAI's shape whose param is {@code param} and whose message says {@code says}. */
  static void assertOpenAi(String body, String param, String... says) {
    Response r = given().contentType(ContentType.JSON).body(body).post(CHAT);
    assertOpenAiShape(r, 400, body);
    assertThat(r.jsonPath().getString("error.param")).as(body).isEqualTo(param);
    String message = r.jsonPath().getString("error.message");
    if (param != null) {
      assertThat(message).as(body).startsWith(param + " ");
    }
    assertThat(message).as(body).contains(says);
  }

  static void assertOpenAiShape(Response r, int status, String what) {
    assertThat(r.statusCode()).as("%s -> %s", what, r.asString()).isEqualTo(status);
    assertThat(r.contentType()).as(what).startsWith("application/json");
    assertThat(r.jsonPath().getMap("error").keySet())
        .as(what)
        .containsExactlyInAnyOrder("message", "type", "param", "code");
    assertThat(r.jsonPath().getString("error.type")).as(what).isEqualTo("invalid_request_error");
    assertNoJava(r.jsonPath().getString("error.message"), what);
  }

  static void assertApiShape(Response r, int status, String what) {
    assertThat(r.statusCode()).as("%s -> %s", what, r.asString()).isEqualTo(status);
    assertThat(r.contentType()).as(what).startsWith("application/json");
    assertThat(r.jsonPath().getMap("error").keySet())
        .as(what)
        .containsExactlyInAnyOrder("code", "field", "message");
    assertNoJava(r.jsonPath().getString("error.message"), what);
  }

  @Test
  void should_locate_malformed_json_on_v1_without_the_parsers_excerpt() {
    assertOpenAi("{\"model\": }", null, "malformed JSON at line 1, column 11", "unexpected text");
    assertOpenAi("{\"model\": \"auto\"", null, "malformed JSON", "ends before");
    assertOpenAi(chat("") + " garbage", null, "malformed JSON at line 1");
    assertOpenAi(chat("") + " {}", null, "body must be one JSON object with nothing after it");
    assertOpenAi("[1, 2]", null, "body must be one JSON object, was a list");
    Response r = given().contentType(ContentType.JSON).body("{\"a\": }").post(CHAT);
    assertThat(r.jsonPath().getString("error.code")).isEqualTo("invalid_json");
  }

  @Test
  void should_name_the_field_and_the_expected_type_on_v1() {
    assertOpenAi(
        "{\"model\": 7, \"messages\": " + USER + "}", "model", "must be a string", "was 7");
    assertOpenAi(
        "{\"model\": \"auto\", \"messages\": \"hello\"}",
        "messages",
        "must be a list of messages",
        "was \"hello\"");
    assertOpenAi(
        "{\"model\": \"auto\", \"messages\": [\"hello\"]}",
        "messages[0]",
        "must be an object with role and content",
        "was \"hello\"");
    assertOpenAi(
        "{\"model\": \"auto\", \"messages\": [{\"role\": 1, \"content\": \"x\"}]}",
        "messages[0].role",
        "must be system|developer|user|assistant",
        "was 1");
    assertOpenAi(
        "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": {\"a\": 1}}]}",
        "messages[0].content",
        "must be a string or a list of text and image_url parts",
        "was an object");
    assertOpenAi(
        "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": 5}]}]}",
        "messages[0].content[0].text",
        "must be a string",
        "was 5");
    assertOpenAi(chat(", \"stream\": \"yes\""), "stream", "must be true or false", "was \"yes\"");
    assertOpenAi(
        chat(", \"stream\": true, \"stream_options\": {\"include_usage\": \"yes\"}"),
        "stream_options.include_usage",
        "must be true or false");
    assertOpenAi(chat(", \"max_tokens\": 4096.5"), "max_tokens", "must be an integer", "4096.5");
    assertOpenAi(chat(", \"max_tokens\": \"many\""), "max_tokens", "must be an integer");
    assertOpenAi(chat(", \"temperature\": \"hot\""), "temperature", "must be a number");
    assertOpenAi(chat(", \"stop\": [1]"), "stop[0]", "must be a string", "was 1");
    assertOpenAi(chat(", \"n\": \"two\""), "n", "must be 1");
  }

  @Test
  void should_read_a_whole_max_tokens_written_with_a_fraction_as_an_integer() {
    // reaches routing, which answers for the missing plan: the body itself was accepted
    Response r =
        given().contentType(ContentType.JSON).body(chat(", \"max_tokens\": 64.0")).post(CHAT);
    assertThat(r.jsonPath().getString("error.param")).isNotEqualTo("max_tokens");
  }

  static final String OVERSIZED = "{\"model\": \"" + HUGE_STRING + "\"}";

  @Test
  void should_refuse_an_oversized_body_in_each_doors_shape() {
    for (String path : List.of("/api/estimate", "/api/advice", "/api/plan")) {
      Response r =
          given().config(EXPECT_CONTINUE).contentType(ContentType.JSON).body(OVERSIZED).post(path);
      assertApiShape(r, 413, path);
      assertThat(r.jsonPath().getString("error.code")).isEqualTo("body_too_large");
      assertThat(r.jsonPath().getString("error.message")).contains("1 MiB limit");
    }
    Response r =
        given().config(EXPECT_CONTINUE).contentType(ContentType.JSON).body(OVERSIZED).post(CHAT);
    assertOpenAiShape(r, 413, CHAT);
    assertThat(r.jsonPath().getString("error.code")).isEqualTo("body_too_large");
    assertThat(r.jsonPath().getString("error.message")).contains("1 MiB limit");
  }

  @Test
  void should_refuse_a_body_that_is_not_json_in_each_doors_shape() {
    for (String path : List.of("/api/estimate", "/api/advice", "/api/plan")) {
      Response r =
          given().contentType(ContentType.TEXT).body("{\"model\": \"llama-2-7b\"}").post(path);
      assertApiShape(r, 415, path);
      assertThat(r.jsonPath().getString("error.code")).isEqualTo("unsupported_media_type");
      assertThat(r.jsonPath().getString("error.field")).isEqualTo("Content-Type");
      assertThat(r.jsonPath().getString("error.message"))
          .startsWith("Content-Type must be application/json, was \"text/plain")
          .doesNotContain("@Consumes");
    }
    Response r = given().contentType(ContentType.TEXT).body(chat("")).post(CHAT);
    assertOpenAiShape(r, 415, CHAT);
    assertThat(r.jsonPath().getString("error.code")).isEqualTo("unsupported_media_type");
    assertThat(r.jsonPath().getString("error.param")).isEqualTo("Content-Type");
    assertThat(r.jsonPath().getString("error.message"))
        .startsWith("Content-Type must be application/json, was \"text/plain");
  }

  @Test
  void should_refuse_an_oversized_chunked_body_in_each_doors_shape() {
    // no Content-Length: the limit is counted as the body arrives
    byte[] body = OVERSIZED.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Response api =
        given()
            .contentType(ContentType.JSON)
            .body(new java.io.ByteArrayInputStream(body))
            .post("/api/estimate");
    assertApiShape(api, 413, "chunked /api/estimate");
    Response v1 =
        given()
            .contentType(ContentType.JSON)
            .body(new java.io.ByteArrayInputStream(body))
            .post(CHAT);
    assertOpenAiShape(v1, 413, "chunked " + CHAT);
  }
}
