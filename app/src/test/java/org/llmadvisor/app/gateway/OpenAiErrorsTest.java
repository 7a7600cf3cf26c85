package org.llmadvisor.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.llmadvisor.app.routing.RoutingFailure;
import org.llmadvisor.app.routing.RoutingFailure.Reason;
import org.llmadvisor.providers.ProviderException;

/** The table from routing failures to OpenAI's statuses, types, codes and headers. */
class OpenAiErrorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static RoutingFailure ofRequest(Reason reason) {
    return RoutingFailure.ofRequest(reason, "model", "m");
  }

  private static RoutingFailure ofDeployments(Reason reason) {
    return RoutingFailure.ofDeployments(reason, "m", null);
  }

  private static RoutingFailure refused(ProviderException.Reason why, Integer status) {
    return RoutingFailure.refused(new ProviderException(why, status, null, "no", null), "m");
  }

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(
            ofRequest(Reason.MISSING_MODEL), 400, "invalid_request_error", "missing_model"),
        Arguments.of(
            ofRequest(Reason.UNKNOWN_MODEL), 404, "invalid_request_error", "model_not_found"),
        Arguments.of(ofRequest(Reason.NO_PLAN), 400, "invalid_request_error", "no_plan"),
        Arguments.of(
            ofRequest(Reason.UNSUPPORTED_PARAMETER),
            400,
            "invalid_request_error",
            "unsupported_parameter"),
        Arguments.of(
            ofDeployments(Reason.BUDGET_EXCEEDED), 429, "insufficient_quota", "budget_exceeded"),
        Arguments.of(ofDeployments(Reason.RATE_LIMITED), 429, "rate_limit_error", "rate_limited"),
        Arguments.of(ofDeployments(Reason.TIMEOUT), 504, "api_error", "timeout"),
        Arguments.of(
            ofDeployments(Reason.NO_DEPLOYMENT_AVAILABLE),
            503,
            "api_error",
            "no_deployment_available"),
        Arguments.of(
            refused(ProviderException.Reason.BAD_REQUEST, 400),
            400,
            "invalid_request_error",
            "bad_request"),
        Arguments.of(
            refused(ProviderException.Reason.CONTENT_FILTERED, 400),
            400,
            "invalid_request_error",
            "content_filtered"),
        Arguments.of(
            refused(ProviderException.Reason.AUTHENTICATION, 401),
            401,
            "authentication_error",
            "authentication"),
        Arguments.of(
            refused(ProviderException.Reason.NOT_FOUND, 404),
            404,
            "invalid_request_error",
            "not_found"),
        // a refusal with no status, or a server's status, is the gateway's upstream failing
        Arguments.of(
            refused(ProviderException.Reason.DISABLED, null), 502, "api_error", "disabled"),
        Arguments.of(refused(ProviderException.Reason.UNKNOWN, 500), 502, "api_error", "unknown"));
  }

  @ParameterizedTest(name = "{0} -> {1} {2} {3}")
  @MethodSource("table")
  void should_answer_each_routing_failure_with_openais_status_type_and_code(
      RoutingFailure failure, int status, String type, String code) {
    OpenAiError e = OpenAiErrors.of(failure);
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.type()).isEqualTo(type);
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.getMessage()).isEqualTo("m");
  }

  @Test
  void should_map_every_reason_the_router_can_give() {
    Set<Reason> mapped =
        table()
            .map(a -> ((RoutingFailure) a.get()[0]).reason())
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(Reason.class)));
    assertThat(mapped).isEqualTo(EnumSet.allOf(Reason.class));
  }

  @Test
  void should_send_retry_after_in_whole_seconds_when_rate_limited() {
    OpenAiError e =
        OpenAiErrors.of(
            RoutingFailure.ofDeployments(Reason.RATE_LIMITED, "m", Duration.ofMillis(7900)));
    assertThat(e.retryAfterSeconds()).isEqualTo(7L);
    assertThat(OpenAiErrors.of(ofDeployments(Reason.RATE_LIMITED)).retryAfterSeconds()).isNull();
  }

  @Test
  void should_name_the_field_when_the_failure_is_the_requests() {
    assertThat(OpenAiErrors.of(ofRequest(Reason.NO_PLAN)).param()).isEqualTo("model");
    assertThat(OpenAiErrors.of(ofDeployments(Reason.TIMEOUT)).param()).isNull();
  }

  @Test
  void should_write_openais_error_body_with_absent_param_and_code_as_null() {
    assertThat(OpenAiErrors.invalid("messages", "messages must be a non-empty array").body(JSON))
        .hasToString(
            "{\"error\":{\"message\":\"messages must be a non-empty array\","
                + "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":null}}");
    assertThat(OpenAiErrors.of(ofDeployments(Reason.TIMEOUT)).body(JSON))
        .hasToString(
            "{\"error\":{\"message\":\"m\",\"type\":\"api_error\",\"param\":null,"
                + "\"code\":\"timeout\"}}");
  }

  @Test
  void should_end_a_broken_stream_with_an_error_chunk_naming_the_provider_reason() {
    ProviderException cut =
        new ProviderException(ProviderException.Reason.STREAM_INTERRUPTED, null, null, "cut", null);
    assertThat(OpenAiErrors.streamInterrupted(JSON, cut))
        .hasToString(
            "{\"error\":{\"message\":\"the stream was interrupted: cut\","
                + "\"type\":\"api_error\",\"code\":\"stream_interrupted\"}}");
  }
}
