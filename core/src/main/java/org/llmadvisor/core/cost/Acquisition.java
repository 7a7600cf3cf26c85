package org.llmadvisor.core.cost;

/** How a team gets the hardware. */
public enum Acquisition {
  /** Already there: only energy (and a purchase price, if given, amortized). */
  OWNED,
  /** To be bought: device plus host machine, amortized. */
  BUY,
  /** Rented by the hour, around the clock; energy included. */
  RENT
}
