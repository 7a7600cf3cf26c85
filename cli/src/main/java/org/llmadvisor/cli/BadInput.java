package org.llmadvisor.cli;

/** Input the command refuses, worded for the terminal: "--context: must be ..." (exit code 2). */
final class BadInput extends RuntimeException {
  BadInput(String message) {
    super(message);
  }
}
