package org.llmadvisor.app.gateway;

import java.util.HashMap;
import java.util.Map;
import org.llmadvisor.app.BackendsResource;

/**
 * The fixture backends, plus one deployment for each gateway test that breaks a deployment or
 * measures its latency. Circuits and latency windows live in the running application, which the
 * tests reach only over HTTP (and, as {@code GatewayIT}, in another process): a test that gives a
 * deployment failures or slow answers owns that deployment, so no other test sees its state and the
 * tests pass in any order. The shared {@code local}, {@code cloud} and {@code premium} only ever
 * answer promptly.
 *
 * <p>Each one has a path of its own on the WireMock server, so a test stubs its failures there and
 * leaves the shared answers alone.
 */
public class GatewayBackends extends BackendsResource {

  /** OpenAI at {@code /flaky/v1}: fails with a 500, then a 429, in the fall-back test. */
  static final String FLAKY = "flaky";

  /** OpenAI at {@code /failing/v1}: fails until its circuit opens. */
  static final String FAILING = "failing";

  /** OpenAI at {@code /steady/v1}: the fall-back of {@link #SLOW}, unmeasured before that test. */
  static final String STEADY = "steady";

  /** Ollama at {@code /gone}: loses its model, then answers slower than its timeout. */
  static final String GONE = "gone";

  /** Ollama at {@code /slow}: answers slower than its plan's latency target. */
  static final String SLOW = "slow";

  /** OpenAI gpt-4o at {@code /proto/v1}: records what the protocol tests send. */
  static final String PROTO = "proto";

  /** OpenAI gpt-5-mini, a reasoning model, at {@code /reasoner/v1}. */
  static final String REASONER = "reasoner";

  /** OpenAI gpt-4o at {@code /agent/v1}: the official npm client's tool loop talks to it. */
  static final String AGENT = "agent";

  /** Ollama at {@code /olproto}: records what the protocol tests send to Ollama. */
  static final String OLPROTO = "olproto";

  /** Ollama at {@code /olplain}: a model whose capabilities list neither tools nor vision. */
  static final String OLPLAIN = "olplain";

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(super.start());
    String base = server.baseUrl();
    for (String id : new String[] {FLAKY, FAILING, STEADY}) {
      String p = "advisor.deployments." + id + ".";
      config.put(p + "provider", "openai");
      config.put(p + "base-url", base + "/" + id + "/v1");
      // not gpt-4o-mini: measured figures of openai/gpt-4o-mini stay those of cloud
      config.put(p + "model", "gpt-4o");
      config.put(p + "api-key", "sk-test-gateway-key-" + id);
      config.put(p + "timeout", "3s");
    }
    for (String[] d :
        new String[][] {{PROTO, "gpt-4o"}, {REASONER, "gpt-5-mini"}, {AGENT, "gpt-4o"}}) {
      String p = "advisor.deployments." + d[0] + ".";
      config.put(p + "provider", "openai");
      config.put(p + "base-url", base + "/" + d[0] + "/v1");
      config.put(p + "model", d[1]);
      config.put(p + "api-key", "sk-test-gateway-key-" + d[0]);
      config.put(p + "timeout", "3s");
    }
    String o = "advisor.deployments." + OLPROTO + ".";
    config.put(o + "provider", "ollama");
    config.put(o + "base-url", base + "/" + OLPROTO);
    config.put(o + "model", "llama3.1:8b");
    config.put(o + "timeout", "3s");
    String plain = "advisor.deployments." + OLPLAIN + ".";
    config.put(plain + "provider", "ollama");
    config.put(plain + "base-url", base + "/" + OLPLAIN);
    config.put(plain + "model", "llama2:7b-chat-q4_0");
    config.put(plain + "timeout", "3s");
    for (String id : new String[] {GONE, SLOW}) {
      String p = "advisor.deployments." + id + ".";
      config.put(p + "provider", "ollama");
      config.put(p + "base-url", base + "/" + id);
      config.put(p + "model", "llama2:7b-chat-q4_0");
      // no hardware: an Ollama recommendation for the rtx-4090 still lands on local
      config.put(p + "timeout", "3s");
    }
    return config;
  }
}
