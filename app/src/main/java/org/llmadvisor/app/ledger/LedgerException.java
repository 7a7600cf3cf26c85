package org.llmadvisor.app.ledger;

/** The ledger's database failed; calls are refused rather than served unrecorded. */
public final class LedgerException extends RuntimeException {
  public LedgerException(String message, Throwable cause) {
    super(message, cause);
  }
}
