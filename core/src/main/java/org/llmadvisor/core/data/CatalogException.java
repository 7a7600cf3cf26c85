package org.llmadvisor.core.data;

/** A catalog file that cannot be used; the message names the file, the row and the field. */
public final class CatalogException extends RuntimeException {
  public CatalogException(String message) {
    super(message);
  }

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
