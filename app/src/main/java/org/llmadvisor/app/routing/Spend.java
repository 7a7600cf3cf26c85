package org.llmadvisor.app.routing;

import java.math.BigDecimal;
import java.time.YearMonth;
import org.llmadvisor.providers.metering.CallRecord;

/**
 * The month's spend as the router moves it: the worst case of a cloud call is reserved before the
 * call, and the call's record (or, when nothing was recorded, a release) settles it. The ledger in
 * the app; amounts in US dollars.
 */
public interface Spend {

  /** Reserves {@code amount} unless spent plus reserved would pass {@code limit}. */
  boolean reserve(YearMonth month, BigDecimal amount, BigDecimal limit);

  /** Gives back a reservation no call was recorded against. */
  void release(YearMonth month, BigDecimal amount);

  /** Records a call and settles its reservation against its real cost. */
  void record(String requestId, CallRecord record, BigDecimal reservation);
}
