package org.llmadvisor.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's examples, as a reader would copy them: each estimate and advice request it shows is
 * sent to the app and must answer with the fields the README describes; CI runs the test command
 * the README gives.
 */
@QuarkusTest
class ReadmeExamplesTest {

  private static final Path README = Path.of("..", "README.md");
  private static final Pattern CURL =
      Pattern.compile(
          "curl -s localhost:8080(/api/(?:estimate|advice))(?: -H '[^']*')* -d '([^']*)'");

  record Example(String path, String body) {}

  static List<Example> examples() throws IOException {
    Matcher m = CURL.matcher(Files.readString(README));
    List<Example> out = new ArrayList<>();
    while (m.find()) {
      out.add(new Example(m.group(1), m.group(2)));
    }
    return out;
  }

  @Test
  void should_answer_every_estimate_and_advice_example_of_the_readme() throws IOException {
    List<Example> examples = examples();
    assertThat(examples).extracting(Example::path).contains("/api/estimate", "/api/advice");
    for (Example e : examples) {
      var response = given().contentType(ContentType.JSON).body(e.body()).post(e.path()).then();
      response.statusCode(200);
      if (e.path().equals("/api/estimate")) {
        response
            .body("parameters.total", notNullValue())
            .body("memory.totalBytes", notNullValue())
            .body("speed.generationTokensPerSecond", notNullValue())
            .body("basis", notNullValue());
      } else {
        response.body("recommendations", notNullValue()).body("breakEven", notNullValue());
      }
    }
  }

  @Test
  void should_give_the_test_command_that_ci_runs() throws IOException {
    String readme = Files.readString(README);
    String ci = Files.readString(Path.of("..", ".ci", "run"));
    assertThat(readme).contains("```sh\n./mvnw verify\n```");
    assertThat(ci).containsPattern("(?m)^\\./mvnw .*verify$");
  }
}
