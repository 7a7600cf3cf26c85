package org.llmadvisor.providers.http;

import dev.langchain4j.http.client.HttpClient;
import java.time.Duration;

/** Makes the HTTP clients that langchain4j's provider clients send their requests through. */
@FunctionalInterface
public interface HttpTransport {

  /**
   * @param connectTimeout how long opening a connection may take
   * @param readTimeout how long an answer may keep the caller waiting for its next bytes
   */
  HttpClient client(Duration connectTimeout, Duration readTimeout);
}
