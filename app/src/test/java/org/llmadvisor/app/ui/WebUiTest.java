package org.llmadvisor.app.ui;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.llmadvisor.app.BackendsResource.json;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmadvisor.app.BackendsResource;
import org.llmadvisor.providers.Fixtures;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real headless Chromium (Debian's chromium and chromedriver, which .ci/run
 * installs), against the app with fixture backends. Screenshots go to target/screenshots/.
 */
@QuarkusTest
@QuarkusTestResource(value = BackendsResource.class, restrictToAnnotatedClass = true)
class WebUiTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static ChromeDriver driver;

  @TestHTTPResource("/")
  URL base;

  @BeforeAll
  static void startBrowser() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present) {
      System.out.println(
          "SKIPPED browser tests: install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver); .ci/run does");
    }
    assumeTrue(present, "chromium or chromedriver is not installed");
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--disable-dev-shm-usage",
        "--window-size=1280,1600");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    driver = new ChromeDriver(service, o);
  }

  @AfterAll
  static void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  @BeforeEach
  void stubs() {
    BackendsResource.server.resetAll();
    BackendsResource.server.stubFor(
        post(urlPathEqualTo("/v1/chat/completions"))
            .withRequestBody(
                matchingJsonPath(
                    "$.model",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo("gpt-4o-mini")))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(Fixtures.read("openai/chat-stream.sse"))));
    BackendsResource.server.stubFor(
        get(urlPathEqualTo("/api/tags")).willReturn(json(200, "{\"models\": []}")));
    BackendsResource.server.stubFor(
        post(urlPathEqualTo("/api/pull"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-ndjson")
                    .withBody(Fixtures.read("ollama/pull.ndjson"))
                    .withChunkedDribbleDelay(7, 700)));
    BackendsResource.server.stubFor(
        post(urlPathEqualTo("/api/generate"))
            .willReturn(json(200, Fixtures.read("ollama/generate-load.json"))));
    BackendsResource.server.stubFor(
        post(urlPathEqualTo("/api/chat")).willReturn(json(200, Fixtures.read("ollama/chat.json"))));
  }

  WebDriverWait waitFor(int seconds) {
    return new WebDriverWait(driver, Duration.ofSeconds(seconds));
  }

  void open(String page) {
    driver.manage().window().setSize(new Dimension(1280, 1600));
    // a fresh load each time: the same URL with another hash would not reload the page
    driver.get(base.toString() + "?load=" + System.nanoTime() + "#" + page);
    waitFor(10)
        .until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
  }

  static void screenshot(String name) throws Exception {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(f.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  static long canvases(String chartId) {
    return (Long)
        ((JavascriptExecutor) driver)
            .executeScript("return document.querySelectorAll('#" + chartId + " canvas').length");
  }

  @Test
  void should_rank_candidates_and_draw_the_charts_for_a_preset_then_apply_one_with_progress()
      throws Exception {
    open("advisor");
    driver.findElement(By.cssSelector("[data-preset='team']")).click();
    driver.findElement(By.cssSelector("#advice-form button[type=submit]")).click();
    waitFor(20)
        .until(
            ExpectedConditions.numberOfElementsToBeMoreThan(
                By.cssSelector("#advice-table tbody tr"), 10));
    waitFor(20)
        .until(
            d ->
                canvases("chart-memory") > 0
                    && canvases("chart-cost") > 0
                    && canvases("chart-latency") > 0
                    && canvases("chart-quality") > 0);
    assertThat(driver.findElement(By.id("advice-summary")).getText()).contains("Best fit");
    assertThat(driver.findElements(By.cssSelector("#advice-table tr.best"))).hasSize(1);
    // candidates are grouped by model: one body each, its best option shown with its fleet shape
    List<WebElement> groups =
        driver.findElements(By.cssSelector("#advice-table tbody.model-group"));
    assertThat(groups).hasSizeGreaterThan(1);
    for (WebElement g : groups) {
      List<WebElement> shown =
          g.findElements(By.cssSelector("tr")).stream().filter(WebElement::isDisplayed).toList();
      assertThat(shown).hasSize(1);
    }
    assertThat(driver.findElement(By.id("advice-table")).getText())
        .containsPattern("\\d+ servers? × \\d+ ");
    Thread.sleep(800); // let the charts finish their entry animation before the picture
    screenshot("advisor");

    WebElement apply =
        driver.findElements(By.cssSelector(".apply-btn")).stream()
            .filter(
                b ->
                    b.getAttribute("data-id")
                        .matches("ollama/llama2:7b-chat-q4_K_M@[a-z0-9-]+(:buy)?"))
            .findFirst()
            .orElseThrow();
    if (!apply.isDisplayed()) {
      // not its model's best option: open the model's other options first
      WebElement toggle =
          apply
              .findElement(By.xpath("ancestor::tbody"))
              .findElement(By.cssSelector(".group-toggle"));
      ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", toggle);
      toggle.click();
      assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
    }
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", apply);
    apply.click();
    waitFor(20)
        .until(d -> "100".equals(d.findElement(By.id("apply-progress")).getAttribute("value")));
    assertThat(driver.findElement(By.id("apply-detail")).getText()).contains("auto");
    ((JavascriptExecutor) driver)
        .executeScript("document.getElementById('apply-status').scrollIntoView()");
    screenshot("advisor-applied");
  }

  @Test
  void should_show_fleets_by_their_shape_and_the_servers_they_add_as_volume_grows()
      throws Exception {
    open("advisor");
    driver.findElement(By.cssSelector("[data-preset='api']")).click();
    driver.findElement(By.cssSelector("#advice-form button[type=submit]")).click();
    waitFor(30)
        .until(
            ExpectedConditions.numberOfElementsToBeMoreThan(
                By.cssSelector("#advice-table tbody.model-group"), 1));
    waitFor(20).until(d -> canvases("chart-cost") > 0);

    // the best option is named by its shape, and some models need several servers at this volume
    assertThat(driver.findElement(By.id("advice-summary")).getText())
        .containsPattern("Best fit: .* on \\d+ servers? × \\d+ ");
    assertThat(driver.findElement(By.id("advice-table")).getText())
        .containsPattern("on \\d+ servers × \\d+ ");
    // the other options of a model open and close with its toggle
    WebElement group =
        driver.findElements(By.cssSelector("#advice-table tbody.model-group")).stream()
            .filter(g -> !g.findElements(By.cssSelector(".group-toggle")).isEmpty())
            .findFirst()
            .orElseThrow();
    WebElement toggle = group.findElement(By.cssSelector(".group-toggle"));
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", toggle);
    toggle.click();
    assertThat(group.findElements(By.cssSelector("tr.more")))
        .isNotEmpty()
        .allSatisfy(tr -> assertThat(tr.isDisplayed()).isTrue());
    toggle.click();
    assertThat(group.findElements(By.cssSelector("tr.more")))
        .allSatisfy(tr -> assertThat(tr.isDisplayed()).isFalse());

    // the local fleet's cost steps up where another server is added
    Object steps =
        ((JavascriptExecutor) driver)
            .executeScript(
                "const s = echarts.getInstanceByDom(document.getElementById('chart-cost'))"
                    + ".getOption().series.find(x => x.name.includes('one more server per'));"
                    + "if (!s) { return -1; }"
                    + "let n = 0; for (let i = 1; i < s.data.length; i++) {"
                    + " if (s.data[i][0] === s.data[i - 1][0] && s.data[i][1] > s.data[i - 1][1]) { n++; } }"
                    + "return n;");
    assertThat(((Number) steps).intValue()).isPositive();
    ((JavascriptExecutor) driver)
        .executeScript("document.getElementById('chart-cost').scrollIntoView()");
    Thread.sleep(800);
    screenshot("advisor-fleet");
  }

  @Test
  void should_show_the_servers_error_next_to_the_field_it_names() throws Exception {
    open("advisor");
    WebElement peak = driver.findElement(By.id("peakFactor"));
    peak.clear();
    peak.sendKeys("0.5");
    driver.findElement(By.cssSelector("#advice-form button[type=submit]")).click();
    WebElement error =
        waitFor(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("peakFactor-error")));
    assertThat(error.getText()).contains("workload.peakFactor must be between 1 and 1000");
    assertThat(peak.getAttribute("aria-invalid")).isEqualTo("true");
    WebElement perDay = driver.findElement(By.id("requestsPerDay"));
    perDay.clear();
    driver.findElement(By.cssSelector("#advice-form button[type=submit]")).click();
    assertThat(
            waitFor(5)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("requestsPerDay-error")))
                .getText())
        .contains("required");
    screenshot("advisor-errors");
  }

  @Test
  void should_explore_a_model_across_quantizations() throws Exception {
    open("models");
    new Select(driver.findElement(By.id("model-preset"))).selectByValue("llama-2-13b");
    new Select(driver.findElement(By.id("model-hardware"))).selectByValue("rtx-4090");
    driver.findElement(By.cssSelector("#model-form button[type=submit]")).click();
    waitFor(15)
        .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#quant-table tbody tr"), 8));
    assertThat(driver.findElement(By.id("model-explain")).getText())
        .contains("13.02 billion parameters");
    assertThat(driver.findElement(By.cssSelector("#param-table")).getText())
        .contains("attention")
        .contains("13,015,864,320");
    waitFor(5).until(d -> canvases("chart-quant") > 0);
    assertThat(driver.findElement(By.id("chart-quant")).getSize().getWidth()).isGreaterThan(900);
    Thread.sleep(600);
    screenshot("models");
  }

  @Test
  void should_list_this_machine_first_with_what_was_detected_and_measured() throws Exception {
    open("advisor");

    WebElement owned = driver.findElement(By.cssSelector("#hardware .owned-item"));
    WebElement explored =
        new Select(driver.findElement(By.id("model-hardware"))).getOptions().get(0);
    assertThat(owned.findElement(By.tagName("input")).getAttribute("value")).isEqualTo("local");
    assertThat(explored.getAttribute("value")).isEqualTo("local");
    for (WebElement first : List.of(owned, explored)) {
      // the explorer's list is on a hidden page: its text is read from the DOM, not the screen
      waitFor(10)
          .until(
              d ->
                  first
                      .getAttribute("textContent")
                      .trim()
                      .startsWith("This machine: Test CPU 8-Core"));
      assertThat(first.getAttribute("textContent"))
          .contains("8 cores", "34.4 GB RAM", "40.0 GB/s measured");
    }
    String seen = driver.findElement(By.cssSelector("#page-advisor .this-machine")).getText();
    assertThat(seen)
        .contains("This machine as detected: Test CPU 8-Core, 8 cores / 16 threads")
        .contains("no GPU")
        .contains("40.0 GB/s reading a token's layers with 8 threads (token-read")
        .contains("48.0 GB/s of plain reads");
  }

  @Test
  void should_say_what_runs_on_this_machine_and_how_fast_when_exploring_a_model() throws Exception {
    open("models");
    new Select(driver.findElement(By.id("model-preset"))).selectByValue("llama-2-7b");
    new Select(driver.findElement(By.id("model-hardware"))).selectByValue("rtx-4090");
    driver.findElement(By.cssSelector("#model-form button[type=submit]")).click();

    WebElement here = driver.findElement(By.id("model-here"));
    waitFor(15).until(d -> here.getText().contains("tokens/s"));
    assertThat(here.getText())
        // 28 GiB of the 32 are available: the memory a model can have
        .startsWith(
            "On this machine (Test CPU 8-Core (8 cores), 30.1 GB RAM available; token-read bandwidth")
        .contains(": 40.0 GB/s with 8 threads): Llama 2 7B runs at")
        .containsPattern("runs at F16, Q8_0, .*Q2_K")
        .containsPattern("about [0-9.]+ tokens/s at Q4_K_M");
    screenshot("models-this-machine");
  }

  @Test
  void should_answer_for_this_machine_alone_when_asked_only_this_machine() throws Exception {
    open("advisor");
    driver.findElement(By.cssSelector("[data-preset='team']")).click();
    new Select(driver.findElement(By.id("thisMachine"))).selectByValue("only");
    driver.findElement(By.cssSelector("#advice-form button[type=submit]")).click();

    waitFor(20)
        .until(
            ExpectedConditions.numberOfElementsToBeMoreThan(
                By.cssSelector("#advice-table tbody tr"), 3));
    assertThat(driver.findElements(By.cssSelector(".apply-btn")))
        .allSatisfy(b -> assertThat(b.getAttribute("data-id")).endsWith("@local"));
    assertThat(driver.findElement(By.cssSelector("#advice-table tbody")).getText())
        .contains("× 1 This machine: Test CPU 8-Core");
    screenshot("advisor-this-machine");
  }

  @Test
  void should_size_a_model_pulled_on_the_local_ollama() throws Exception {
    BackendsResource.server.stubFor(
        get(urlPathEqualTo("/api/tags")).willReturn(json(200, Fixtures.read("ollama/tags.json"))));
    BackendsResource.server.stubFor(
        post(urlPathEqualTo("/api/show")).willReturn(json(200, Fixtures.read("ollama/show.json"))));
    open("models");
    waitFor(10)
        .until(d -> new Select(d.findElement(By.id("model-ollama"))).getOptions().size() > 1);
    new Select(driver.findElement(By.id("model-ollama")))
        .selectByValue("local|llama2:7b-chat-q4_0");
    driver.findElement(By.cssSelector("#model-form button[type=submit]")).click();
    waitFor(15)
        .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#quant-table tbody tr"), 8));
    assertThat(driver.findElement(By.cssSelector("#quant-table tbody tr")).getText())
        .startsWith("Q4_0");
    assertThat(driver.findElement(By.id("param-table")).getText()).contains("6,738,415,616");
  }

  @Test
  void should_stream_a_chat_reply_with_its_measurements() throws Exception {
    open("chat");
    waitFor(10).until(d -> new Select(d.findElement(By.id("chat-model"))).getOptions().size() > 1);
    // without a plan "auto" would refuse the first message: a configured deployment comes first
    boolean planned = io.restassured.RestAssured.get("/api/plan").statusCode() == 200;
    String preselected =
        new Select(driver.findElement(By.id("chat-model")))
            .getFirstSelectedOption()
            .getAttribute("value");
    String hint = driver.findElement(By.id("chat-hint")).getText();
    if (planned) {
      assertThat(preselected).isEqualTo("auto");
      assertThat(hint).isEmpty();
    } else {
      assertThat(preselected).isNotEqualTo("auto");
      assertThat(hint).contains("No plan is applied");
    }
    new Select(driver.findElement(By.id("chat-model"))).selectByValue("cloud");
    driver.findElement(By.id("chat-input")).sendKeys("Hello!");
    driver.findElement(By.cssSelector("#chat-form button[type=submit]")).click();
    WebElement reply =
        waitFor(15)
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#chat-log li.reply .text")));
    waitFor(15).until(d -> reply.getText().equals("Hello there!"));
    String meta = driver.findElement(By.cssSelector("#chat-log li.reply .meta")).getText();
    waitFor(10)
        .until(
            d ->
                d.findElement(By.cssSelector("#chat-log li.reply .meta"))
                    .getText()
                    .contains("cost"));
    assertThat(driver.findElement(By.cssSelector("#chat-log li.reply .meta")).getText())
        .contains("cloud")
        .contains("first token");
    screenshot("chat");

    open("usage");
    waitFor(10)
        .until(
            ExpectedConditions.numberOfElementsToBeMoreThan(
                By.cssSelector("#usage-table tbody tr"), 0));
    assertThat(driver.findElement(By.id("usage-table")).getText()).contains("cloud");
    Thread.sleep(600);
    screenshot("usage");
  }

  static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  void advise(String preset) {
    driver.findElement(By.cssSelector("[data-preset='" + preset + "']")).click();
    driver.findElement(By.cssSelector("#advice-form button[type=submit]")).click();
    waitFor(40)
        .until(
            ExpectedConditions.numberOfElementsToBeMoreThan(
                By.cssSelector("#advice-table tbody.model-group"), 0));
    waitFor(20)
        .until(
            d ->
                canvases("chart-memory") > 0
                    && canvases("chart-cost") > 0
                    && canvases("chart-latency") > 0
                    && canvases("chart-quality") > 0);
  }

  @Test
  void should_draw_readable_charts_with_a_cost_legend_and_no_apply_bar_when_a_preset_is_advised()
      throws Exception {
    for (String preset : List.of("team", "summarizer", "api")) {
      open("advisor");
      // nothing is applied yet: no progress bar, before or after the advice
      assertThat(driver.findElement(By.id("apply-status")).isDisplayed()).isFalse();
      advise(preset);
      assertThat(driver.findElement(By.id("apply-status")).isDisplayed()).isFalse();
      assertThat(driver.findElement(By.id("qualityFloor")).getAttribute("value")).isNotEmpty();
      long page = (Long) js("return document.querySelector('main').clientWidth");
      for (WebElement c : driver.findElements(By.cssSelector("#advice-result .chart"))) {
        // two a row at most: each at least 45% of the page
        assertThat(c.getSize().getWidth())
            .as(c.getAttribute("id"))
            .isGreaterThan((int) (page * 0.45));
      }
      Object legend =
          js(
              "const o = echarts.getInstanceByDom(document.getElementById('chart-cost')).getOption();"
                  + "return o.legend && o.legend.length && o.legend[0].show !== false"
                  + " ? o.series.map(s => s.name) : [];");
      assertThat((List<?>) legend).isNotEmpty();
      // OpenAI's and Azure's offering of one model must not share a name on the latency chart
      List<?> names =
          (List<?>)
              js(
                  "return echarts.getInstanceByDom(document.getElementById('chart-latency'))"
                      + ".getOption().xAxis[0].data");
      assertThat(names).doesNotHaveDuplicates();
      Thread.sleep(800); // let the charts finish their entry animation before the picture
      js("document.getElementById('advice-summary').scrollIntoView()");
      screenshot("advisor-" + preset);
    }
  }

  /**
   * Every text the visible charts draw (axis titles, tick labels, legend, point labels) as the
   * chart library lays it out on its canvas: a box outside the chart's own area is clipped, and two
   * boxes of different labels that share more than 2 px each way overlap. Returns the problems in
   * words, and how many labels were checked.
   */
  static List<?> labelProblems() {
    return (List<?>)
        js(
            """
            const out = [];
            let checked = 0;
            document.querySelectorAll('[_echarts_instance_]').forEach(dom => {
              if (!dom.offsetParent) { return; }
              const inst = echarts.getInstanceByDom(dom);
              const w = inst.getWidth(), h = inst.getHeight();
              const boxes = [];
              inst.getZr().storage.getDisplayList(true).forEach(el => {
                if ((el.type !== 'tspan' && el.type !== 'text') || el.invisible || el.ignore) { return; }
                const text = el.style && el.style.text;
                if (!text || !String(text).trim()) { return; }
                let p = el.parent, hidden = false;
                while (p) { hidden = hidden || p.ignore || p.invisible; p = p.parent; }
                if (hidden || (el.style.opacity === 0)) { return; }
                el.updateTransform && el.updateTransform();
                const b = el.getBoundingRect();
                if (!(b.width > 0 && b.height > 0)) { return; }
                // the text's own rectangle, turned as it is drawn (axis labels are rotated)
                const m = el.transform || [1, 0, 0, 1, 0, 0];
                const pts = [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
                  .map(([x, y]) => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]]);
                checked++;
                if (pts.some(([x, y]) => x < -1 || y < -1 || x > w + 1 || y > h + 1)) {
                  const [x, y] = pts[0];
                  out.push(`${dom.id}: "${text}" at ${Math.round(x)},${Math.round(y)} leaves the ${w}x${h} chart`);
                }
                boxes.push({ text, pts, owner: el.parent || el });
              });
              // two turned rectangles overlap unless one of their edges separates them (by > 2 px)
              const separated = (a, b) => [a, b].some(poly => poly.some((p, i) => {
                const q = poly[(i + 1) % 4];
                const len = Math.hypot(q[0] - p[0], q[1] - p[1]);
                if (len === 0) { return false; }
                const nx = (p[1] - q[1]) / len, ny = (q[0] - p[0]) / len;
                const proj = pts => pts.map(([x, y]) => x * nx + y * ny);
                const pa = proj(a), pb = proj(b);
                return Math.min(...pa) >= Math.max(...pb) - 2 || Math.min(...pb) >= Math.max(...pa) - 2;
              }));
              for (let i = 0; i < boxes.length; i++) {
                for (let j = i + 1; j < boxes.length; j++) {
                  const a = boxes[i], b = boxes[j];
                  if (a.owner === b.owner || separated(a.pts, b.pts)) { continue; }
                  out.push(`${dom.id}: "${a.text}" overlaps "${b.text}"`);
                }
              }
            });
            return [checked].concat(out);
            """);
  }

  /** Asserts no label problem and returns how many labels were checked. */
  static long assertLabelsReadable(String page) {
    List<?> found = labelProblems();
    assertThat(found.subList(1, found.size())).as(page).isEmpty();
    return (Long) found.get(0);
  }

  @Test
  void should_keep_every_chart_label_inside_its_chart_and_apart_when_each_page_is_drawn()
      throws Exception {
    for (String preset : List.of("team", "summarizer", "api")) {
      open("advisor");
      advise(preset);
      Thread.sleep(1200); // the entry animation moves labels into place
      // the picture first, of the charts: a page that fails is there to look at
      js("document.getElementById('chart-latency').scrollIntoView()");
      screenshot("labels-advisor-" + preset);
      assertThat(assertLabelsReadable("advisor " + preset)).as(preset).isGreaterThan(20);
    }
    open("models");
    new Select(driver.findElement(By.id("model-preset"))).selectByValue("llama-2-13b");
    new Select(driver.findElement(By.id("model-hardware"))).selectByValue("rtx-4090");
    driver.findElement(By.cssSelector("#model-form button[type=submit]")).click();
    waitFor(20).until(d -> canvases("chart-quant") > 0);
    Thread.sleep(1200);
    screenshot("labels-explorer");
    assertThat(assertLabelsReadable("explorer")).isPositive();
    for (String page : List.of("chat", "usage")) {
      open(page);
      Thread.sleep(800);
      screenshot("labels-" + page);
      assertLabelsReadable(page);
    }
  }

  /** Records the body of every request the page posts to /api/advice, in {@code window.sent}. */
  static void recordAdviceRequests() {
    js(
        "window.sent = []; const f = window.fetch;"
            + "window.fetch = (u, o) => { if (String(u).endsWith('/api/advice')) {"
            + " window.sent.push(JSON.parse(o.body)); } return f(u, o); };");
  }

  @Test
  void should_leave_the_slots_to_the_advisor_for_a_preset_and_show_the_ones_it_chose()
      throws Exception {
    open("advisor");
    recordAdviceRequests();
    advise("api");

    Map<?, ?> sent = (Map<?, ?>) js("return window.sent[window.sent.length - 1]");
    assertThat(((Map<?, ?>) sent.get("workload")).keySet().stream().map(String::valueOf).toList())
        .contains("requestsPerDay")
        .doesNotContain("parallel");
    List<WebElement> slots = driver.findElements(By.cssSelector("#advice-table .slots"));
    assertThat(slots).isNotEmpty();
    assertThat(slots.get(0).getText()).matches("\\d+ parallel slots? × [\\d,]+ tokens per server");
    // the advisor chose more than one slot somewhere at two million requests a day
    assertThat(slots).anySatisfy(e -> assertThat(e.getText()).doesNotStartWith("1 parallel slot "));

    // a number the person types is sent, and the candidates then run that many
    js("document.querySelectorAll('#advice-table tbody').forEach(b => b.dataset.stale = '1')");
    WebElement parallel = driver.findElement(By.id("parallel"));
    parallel.clear();
    parallel.sendKeys("8");
    driver.findElement(By.cssSelector("#advice-form button[type=submit]")).click();
    waitFor(40)
        .until(
            d ->
                ((Number) js("return window.sent.length")).intValue() == 2
                    && (Boolean)
                        js(
                            "return document.querySelectorAll('#advice-table tbody').length > 0"
                                + " && !document.querySelector('#advice-table tbody[data-stale]')"));
    Map<?, ?> given = (Map<?, ?>) js("return window.sent[1]");
    assertThat(((Number) ((Map<?, ?>) given.get("workload")).get("parallel")).intValue())
        .isEqualTo(8);
    List<?> shown =
        (List<?>)
            js(
                "return Array.from(document.querySelectorAll('#advice-table .slots'))"
                    + ".map(e => e.textContent)");
    assertThat(shown).isNotEmpty();
    assertThat(shown.stream().map(String::valueOf).distinct().toList())
        .allSatisfy(t -> assertThat(t).startsWith("8 parallel slots "));
    screenshot("advisor-slots");
  }

  @Test
  void should_question_a_fraction_as_quality_floor_and_a_latency_target_under_100_ms()
      throws Exception {
    open("advisor");
    WebElement floor = driver.findElement(By.id("qualityFloor"));
    floor.clear();
    floor.sendKeys("0.6");
    driver.findElement(By.cssSelector("#advice-form button[type=submit]")).click();
    assertThat(driver.findElement(By.id("qualityFloor-error")).getText())
        .contains("did you mean 60%?");
    assertThat(driver.findElement(By.id("advice-result")).isDisplayed()).isFalse();

    floor.clear();
    floor.sendKeys("60");
    WebElement target = driver.findElement(By.id("latencyTargetMs"));
    target.clear();
    target.sendKeys("50");
    driver.findElement(By.cssSelector("#advice-form button[type=submit]")).click();
    WebElement confirm = driver.findElement(By.id("latencyTargetMs-confirm"));
    assertThat(confirm.getText()).contains("did you mean 50 seconds");
    assertThat(confirm.getAttribute("role")).isEqualTo("alert");
    assertThat(driver.findElement(By.id("advice-result")).isDisplayed()).isFalse();
    screenshot("advisor-unit-hints");
    // asked once: the same value again is taken as meant
    driver.findElement(By.cssSelector("#advice-form button[type=submit]")).click();
    waitFor(30).until(d -> d.findElement(By.id("advice-result")).isDisplayed());
    assertThat(driver.findElements(By.id("latencyTargetMs-confirm"))).isEmpty();
  }

  @Test
  void should_pick_owned_hardware_from_a_visible_list_and_count_candidates_per_device()
      throws Exception {
    open("advisor");
    List<WebElement> shown =
        driver.findElements(By.cssSelector("#hardware .owned-item")).stream()
            .filter(WebElement::isDisplayed)
            .toList();
    assertThat(shown).hasSizeGreaterThan(5);
    assertThat(driver.findElement(By.id("hardware-count")).getText()).contains("none ticked");
    driver.findElement(By.cssSelector("#hardware input[value='local']")).click();
    driver.findElement(By.id("hardware-filter")).sendKeys("4090");
    // the filter leaves what is ticked in sight
    assertThat(driver.findElement(By.cssSelector("#hardware input[value='local']")).isDisplayed())
        .isTrue();
    driver.findElement(By.cssSelector("#hardware input[value='rtx-4090']")).click();
    assertThat(driver.findElement(By.id("hardware-count")).getText()).isEqualTo("2 devices ticked");
    advise("team");
    assertThat(driver.findElements(By.cssSelector(".apply-btn")))
        .allSatisfy(
            b ->
                assertThat(b.getAttribute("data-id"))
                    .containsAnyOf("@rtx-4090", "@local", "openai/", "azure/"));
    assertThat(
            driver
                .findElement(By.cssSelector("#hardware .owned-count[data-id='rtx-4090']"))
                .getText())
        .matches("\\(\\d+ candidates?\\)");
    js("document.getElementById('hardware').scrollIntoView()");
    screenshot("advisor-owned");
  }

  @Test
  void should_show_a_refused_chat_message_as_an_error_not_as_a_reply() throws Exception {
    BackendsResource.server.stubFor(
        post(urlPathEqualTo("/v1/chat/completions"))
            .willReturn(
                json(
                    400,
                    "{\"error\": {\"message\": \"This model's maximum context length is 16 tokens\","
                        + " \"type\": \"invalid_request_error\", \"param\": \"messages\","
                        + " \"code\": \"context_length_exceeded\"}}")));
    open("chat");
    waitFor(10).until(d -> new Select(d.findElement(By.id("chat-model"))).getOptions().size() > 1);
    new Select(driver.findElement(By.id("chat-model"))).selectByValue("cloud");
    driver.findElement(By.id("chat-input")).sendKeys("Hello!");
    driver.findElement(By.cssSelector("#chat-form button[type=submit]")).click();
    WebElement error =
        waitFor(15)
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#chat-log li.error")));
    assertThat(error.getAttribute("role")).isEqualTo("alert");
    assertThat(error.getText()).contains("refused the request");
    assertThat(driver.findElements(By.cssSelector("#chat-log li.reply"))).isEmpty();
    screenshot("chat-error");
  }

  @Test
  void should_fit_a_narrow_phone_screen() throws Exception {
    open("advisor");
    driver.manage().window().setSize(new Dimension(360, 800));
    long overflow =
        (Long)
            ((JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollWidth - window.innerWidth");
    assertThat(overflow).isLessThanOrEqualTo(0);
    for (WebElement input :
        driver.findElements(By.cssSelector("#advice-form input, #advice-form select"))) {
      assertThat(
              (String)
                  ((JavascriptExecutor) driver)
                      .executeScript(
                          "return arguments[0].closest('label') ? 'labelled' : ''", input))
          .isEqualTo("labelled");
    }
    screenshot("advisor-360px");
  }
}
