package org.llmadvisor.providers.metering;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;

/**
 * Estimates tokens when a provider reports no usage: about four characters of English per token for
 * the BPE tokenizers of GPT and Llama models, plus a few tokens of chat framing per message.
 * Records carry a flag saying the numbers were counted, not reported.
 */
public final class TokenCounter {

  private static final int FRAMING_PER_MESSAGE = 4;

  private TokenCounter() {}

  public static long estimate(String text) {
    return text == null ? 0 : ofCharacters(text.length());
  }

  /** The tokens of a text of {@code characters} characters. */
  public static long ofCharacters(long characters) {
    return (characters + 3) / 4;
  }

  public static long estimate(List<ChatMessage> messages) {
    long n = 0;
    for (ChatMessage m : messages) {
      n += FRAMING_PER_MESSAGE + estimate(text(m));
    }
    return n;
  }

  static String text(ChatMessage m) {
    if (m instanceof UserMessage u) {
      return u.hasSingleText() ? u.singleText() : u.contents().toString();
    }
    if (m instanceof SystemMessage s) {
      return s.text();
    }
    if (m instanceof AiMessage a) {
      return a.text();
    }
    if (m instanceof ToolExecutionResultMessage t) {
      return t.text();
    }
    return m.toString();
  }
}
