package org.llmadvisor.providers.metering;

/** Receives every call's record; implementations must be fast and must not throw. */
@FunctionalInterface
public interface CallRecordListener {
  void onCall(CallRecord record);
}
