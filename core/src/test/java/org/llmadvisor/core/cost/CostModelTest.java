package org.llmadvisor.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.CloudOffering;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.catalog.OfferingCatalog;
import org.llmadvisor.core.catalog.Ownership;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.workload.TokenDistribution;
import org.llmadvisor.core.workload.Workload;

/**
 * Every cost number worked by hand from the bundled catalog's prices. Each test first pins the
 * catalog inputs it uses (so a price change shows up as that, not as an arithmetic failure), then
 * compares with the arithmetic written out in its comment.
 *
 * <p>The workload throughout: 10,000 requests a day of 500 prompt and 200 output tokens. An average
 * month is 365.25 / 12 = 30.4375 days, so 304,375 requests and 304,375 × 700 = 213,062,500 tokens;
 * 24 × 30.4375 = 730.5 hours.
 */
class CostModelTest {

  private static final double REQUESTS_PER_MONTH = 304_375;
  private static final double EPS = 1e-9;

  private final OfferingCatalog offerings = OfferingCatalog.bundled();
  private final HardwareCatalog hardware = HardwareCatalog.bundled();
  private final Ownership own = offerings.ownership();

  private static Workload workload(double input, double output) {
    return new Workload(
        10_000, 8, 2, TokenDistribution.fixed(input), TokenDistribution.fixed(output), 4);
  }

  private final Workload w = workload(500, 200);

  private CloudOffering offering(String id) {
    return offerings.offering(id).orElseThrow();
  }

  /** The ownership defaults of ownership.json that the local costs below are worked from. */
  private void assumeOwnershipDefaults() {
    assertThat(own.electricityUsdPerKwh()).isEqualTo(0.165);
    assertThat(own.amortizationMonths()).isEqualTo(36);
    assertThat(own.hostSystemUsd()).isEqualTo(1200);
    assertThat(own.hostLoadWatts()).isEqualTo(150);
    assertThat(own.idleWatts()).isEqualTo(60);
    assertThat(own.operationsUsdPerMonth()).isZero();
  }

  private CostBreakdown buyRtx4090(double busySeconds) {
    Hardware rtx4090 = hardware.find("rtx-4090").orElseThrow();
    assertThat(rtx4090.tdpWatts()).contains(450.0);
    assertThat(own.purchaseUsd()).containsEntry("rtx-4090", 1599.0);
    return CostModel.local(
        new HardwareOption(
            rtx4090,
            Acquisition.BUY,
            Optional.of(own.purchaseUsd().get("rtx-4090")),
            Optional.empty()),
        w,
        busySeconds,
        own);
  }

  /**
   * Proves cloud cost = tokens × price per million with input and output priced apart: GPT-3.5
   * Turbo at $0.50 in / $1.50 out per million: (500 × 0.50 + 200 × 1.50) / 10^6 = $0.00055 a
   * request; × 304,375 = $167.40625 a month; over 213.0625 million tokens = $0.785714… per million.
   */
  @Test
  void should_multiply_tokens_by_their_prices_when_costing_a_cloud_offering() {
    CloudOffering o = offering("openai/gpt-3.5-turbo");
    assertThat(o.inputUsdPerMillion()).isEqualTo(0.5);
    assertThat(o.outputUsdPerMillion()).isEqualTo(1.5);

    CostBreakdown c = CostModel.cloud(o, w);

    assertThat(c.usdPerRequest()).isCloseTo(0.00055, within(EPS));
    assertThat(c.monthlyUsd()).isCloseTo(167.40625, within(EPS));
    assertThat(c.fixedMonthlyUsd()).isZero();
    assertThat(c.costPerMillionTokensUsd()).isCloseTo(550.0 / 700, within(EPS));
    assertThat(c.basis()).anyMatch(l -> l.contains("$167.41 a month"));
  }

  /**
   * Proves input and output tokens are not priced alike: swapping the lengths (200 in, 500 out)
   * gives (200 × 0.50 + 500 × 1.50) / 10^6 = $0.00085 a request, not the $0.00055 above.
   */
  @Test
  void should_charge_the_output_price_for_output_tokens_when_lengths_are_swapped() {
    CostBreakdown c = CostModel.cloud(offering("openai/gpt-3.5-turbo"), workload(200, 500));

    assertThat(c.usdPerRequest()).isCloseTo(0.00085, within(EPS));
    assertThat(c.monthlyUsd()).isCloseTo(0.00085 * REQUESTS_PER_MONTH, within(EPS));
  }

  /**
   * Proves amortisation and energy of bought hardware: an RTX 4090 at $1,599 plus a $1,200 host
   * over 36 months = $2,799 / 36 = $77.75 a month. Idle 60 W × 730.5 h = 43.83 kWh × $0.165 =
   * $7.23195. Busy 2 s a request at 450 + 150 = 600 W, of which 600 − 60 = 540 W above idle: 540 ×
   * 2 / 3.6·10^6 = 0.0003 kWh × $0.165 = $0.0000495 a request; × 304,375 = $15.0665625. Fixed =
   * 77.75 + 7.23195 = $84.98195; month = $100.0485125.
   */
  @Test
  void should_amortise_the_purchase_and_add_energy_when_hardware_is_bought() {
    assumeOwnershipDefaults();

    CostBreakdown c = buyRtx4090(2.0);

    assertThat(c.hardwareUsd()).isCloseTo(77.75, within(EPS));
    assertThat(c.usdPerRequest()).isCloseTo(0.0000495, within(EPS));
    assertThat(c.fixedMonthlyUsd()).isCloseTo(84.98195, within(EPS));
    assertThat(c.energyUsd()).isCloseTo(7.23195 + 15.0665625, within(EPS));
    assertThat(c.operationsUsd()).isZero();
    assertThat(c.monthlyUsd()).isCloseTo(100.0485125, within(EPS));
    assertThat(c.costPerMillionTokensUsd()).isCloseTo(100.0485125 / 213.0625, within(EPS));
    // the reason states each part and their sum once, not the sum as the card's price
    assertThat(c.basis())
        .anyMatch(
            l ->
                l.contains(
                    "$1,599 for the NVIDIA GeForce RTX 4090 plus $1,200 for a host machine = $2,799"));
  }

  /**
   * Proves rented hardware costs the hourly rate around the clock with power included: an A100 80
   * GB SXM at $1.99 an hour × 730.5 h = $1,453.695 a month, nothing per request, no energy.
   */
  @Test
  void should_charge_the_hourly_rate_around_the_clock_when_hardware_is_rented() {
    Hardware a100 = hardware.find("a100-80gb-sxm").orElseThrow();
    assertThat(own.rentalUsdPerHour()).containsEntry("a100-80gb-sxm", 1.99);

    CostBreakdown c =
        CostModel.local(
            new HardwareOption(a100, Acquisition.RENT, Optional.empty(), Optional.of(1.99)),
            w,
            2.0,
            own);

    assertThat(c.monthlyUsd()).isCloseTo(1453.695, within(EPS));
    assertThat(c.fixedMonthlyUsd()).isCloseTo(1453.695, within(EPS));
    assertThat(c.usdPerRequest()).isZero();
    assertThat(c.energyUsd()).isZero();
  }

  /**
   * Proves hardware already owned without a price costs only energy (sunk cost), and with a price
   * is spread without a host machine: $1,599 / 36 = $44.41666… a month.
   */
  @Test
  void should_count_only_energy_when_owned_hardware_has_no_price() {
    assumeOwnershipDefaults();
    Hardware rtx4090 = hardware.find("rtx-4090").orElseThrow();

    CostBreakdown free =
        CostModel.local(
            new HardwareOption(rtx4090, Acquisition.OWNED, Optional.empty(), Optional.empty()),
            w,
            2.0,
            own);
    CostBreakdown priced =
        CostModel.local(
            new HardwareOption(rtx4090, Acquisition.OWNED, Optional.of(1599.0), Optional.empty()),
            w,
            2.0,
            own);

    assertThat(free.hardwareUsd()).isZero();
    assertThat(free.monthlyUsd()).isCloseTo(7.23195 + 15.0665625, within(EPS));
    assertThat(priced.hardwareUsd()).isCloseTo(1599.0 / 36, within(EPS));
  }

  /**
   * Proves the break-even volume: cloud (GPT-3.5 Turbo, $0 fixed, $0.00055 a request) against the
   * bought RTX 4090 ($84.98195 fixed, $0.0000495 a request) cost the same at 84.98195 / (0.00055 −
   * 0.0000495) = 169,794.1059 requests a month, where both come to $93.3868…
   */
  @Test
  void should_find_the_volume_where_two_options_cost_the_same_when_their_lines_cross() {
    assumeOwnershipDefaults();
    CostBreakdown cloud = CostModel.cloud(offering("openai/gpt-3.5-turbo"), w);
    CostBreakdown local = buyRtx4090(2.0);

    double v = CostModel.breakEven(cloud, local).orElseThrow();

    assertThat(v).isCloseTo(169_794.1059, within(1e-4));
    assertThat(cloud.atVolume(v)).isCloseTo(0.00055 * 169_794.1059, within(1e-6));
    assertThat(local.atVolume(v)).isCloseTo(cloud.atVolume(v), within(1e-9));
    assertThat(CostModel.breakEven(local, cloud)).hasValue(v);
  }

  /**
   * Proves there is no break-even when one option is cheaper at every volume: GPT-4 ($30 / $60 per
   * million) and GPT-3.5 Turbo both cost nothing fixed and GPT-4 more per request.
   */
  @Test
  void should_find_no_break_even_when_one_option_is_cheaper_at_every_volume() {
    CostBreakdown gpt4 = CostModel.cloud(offering("openai/gpt-4"), w);
    CostBreakdown gpt35 = CostModel.cloud(offering("openai/gpt-3.5-turbo"), w);
    assertThat(gpt4.usdPerRequest()).isCloseTo((500 * 30.0 + 200 * 60.0) / 1e6, within(EPS));

    assertThat(CostModel.breakEven(gpt4, gpt35)).isEmpty();
    assertThat(CostModel.breakEven(gpt35, gpt35)).isEmpty();
  }

  /** Proves buying or renting without the price it needs is refused, not costed at zero. */
  @Test
  void should_refuse_when_a_buy_or_rent_option_has_no_price() {
    Hardware rtx4090 = hardware.find("rtx-4090").orElseThrow();

    assertThatThrownBy(
            () ->
                CostModel.local(
                    new HardwareOption(
                        rtx4090, Acquisition.BUY, Optional.empty(), Optional.empty()),
                    w,
                    1,
                    own))
        .hasMessageContaining("purchaseUsd");
    assertThatThrownBy(
            () ->
                CostModel.local(
                    new HardwareOption(
                        rtx4090, Acquisition.RENT, Optional.empty(), Optional.empty()),
                    w,
                    1,
                    own))
        .hasMessageContaining("usdPerHour");
  }
}
