package org.llmadvisor.providers.http;

import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Ollama streams newline-delimited JSON: each non-blank line becomes one event. */
public final class NdjsonParser implements ServerSentEventParser {

  @Override
  public void parse(InputStream in, ServerSentEventListener listener) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          listener.onEvent(new ServerSentEvent(null, line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
