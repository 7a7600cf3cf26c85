package org.llmadvisor.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.catalog.HardwareCatalog;
import org.llmadvisor.core.catalog.OfferingCatalog;
import org.llmadvisor.core.catalog.Ownership;
import org.llmadvisor.core.hardware.Hardware;
import org.llmadvisor.core.workload.DeploymentShape;
import org.llmadvisor.core.workload.TokenDistribution;
import org.llmadvisor.core.workload.Workload;

class ServerPriceTest {

  private static final Ownership OWN = OfferingCatalog.bundled().ownership();
  private static final HardwareCatalog HW = HardwareCatalog.bundled();

  private static HardwareOption buy(String id) {
    Hardware h = HW.find(id).orElseThrow();
    return new HardwareOption(
        h, Acquisition.BUY, Optional.of(OWN.purchaseUsd().get(id)), Optional.empty());
  }

  private static HardwareOption rent(String id) {
    Hardware h = HW.find(id).orElseThrow();
    return new HardwareOption(
        h, Acquisition.RENT, Optional.empty(), Optional.of(OWN.rentalUsdPerHour().get(id)));
  }

  @Test
  void should_cost_more_per_gpu_for_a_host_that_takes_more_gpus() {
    double one = ServerPrice.of(buy("rtx-4090"), 1, OWN).orElseThrow().usd();
    double two = ServerPrice.of(buy("rtx-4090"), 2, OWN).orElseThrow().usd();
    double eight = ServerPrice.of(buy("rtx-4090"), 8, OWN).orElseThrow().usd();

    assertThat(one).isEqualTo(1599 + OWN.hostSystemUsd());
    assertThat(two - 2 * 1599).isGreaterThan(one - 1599);
    assertThat(eight - 8 * 1599).isGreaterThan(two - 2 * 1599);
    assertThat(ServerPrice.of(buy("rtx-4090"), 16, OWN)).isEmpty();
  }

  @Test
  void should_price_a_mac_as_one_whole_machine() {
    ServerPrice mac = ServerPrice.of(buy("mac-studio-m3-ultra-96gb"), 1, OWN).orElseThrow();

    assertThat(mac.usd()).isEqualTo(3999);
    assertThat(ServerPrice.of(buy("mac-studio-m3-ultra-96gb"), 2, OWN)).isEmpty();
  }

  @Test
  void should_rent_the_cheapest_instance_with_that_many_gpus() {
    ServerPrice eight = ServerPrice.of(rent("h100-80gb-sxm"), 8, OWN).orElseThrow();

    assertThat(eight.usd()).isEqualTo(98.32);
    assertThat(eight.words()).contains("AWS p5.48xlarge");
    assertThat(ServerPrice.of(rent("h100-80gb-sxm"), 2, OWN)).isEmpty();
    // one GPU alone: the catalog's rental rate for the device
    assertThat(ServerPrice.of(rent("l4"), 1, OWN).orElseThrow().usd()).isEqualTo(0.468);
  }

  @Test
  void should_have_no_multi_gpu_shape_when_the_hardware_is_owned() {
    Hardware h = HW.find("rtx-4090").orElseThrow();
    var owned = new HardwareOption(h, Acquisition.OWNED, Optional.empty(), Optional.empty());

    assertThat(ServerPrice.of(owned, 1, OWN)).isPresent();
    assertThat(ServerPrice.of(owned, 2, OWN)).isEmpty();
  }

  @Test
  void should_cost_one_server_as_before_and_a_fleet_as_its_servers() {
    Workload w =
        new Workload(100_000, 24, 1, TokenDistribution.fixed(300), TokenDistribution.fixed(150), 4);
    HardwareOption option = buy("rtx-4090");
    ServerPrice one = ServerPrice.of(option, 1, OWN).orElseThrow();
    ServerPrice two = ServerPrice.of(option, 2, OWN).orElseThrow();

    CostBreakdown single = CostModel.fleet(option, one, DeploymentShape.SINGLE, w, 0.5, OWN);
    CostBreakdown fleet = CostModel.fleet(option, two, new DeploymentShape(3, 2), w, 0.5, OWN);

    assertThat(single).isEqualTo(CostModel.local(option, w, 0.5, OWN));
    assertThat(fleet.hardwareUsd())
        .isCloseTo(
            3 * two.usd() / OWN.amortizationMonths(), org.assertj.core.api.Assertions.within(1e-9));
    assertThat(fleet.basis().get(0)).startsWith("Buy 3 servers, each 2 x NVIDIA GeForce RTX 4090");
    assertThat(fleet.monthlyUsd()).isGreaterThan(3 * single.monthlyUsd());
  }
}
