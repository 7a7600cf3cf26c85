package org.llmadvisor.core.gguf;

/** The bytes are not a GGUF header this reader understands; the message says where and why. */
public final class GgufFormatException extends RuntimeException {
  public GgufFormatException(String message) {
    super(message);
  }
}
