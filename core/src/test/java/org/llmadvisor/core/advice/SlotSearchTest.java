package org.llmadvisor.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.llmadvisor.core.cost.Acquisition;
import org.llmadvisor.core.cost.CostBreakdown;
import org.llmadvisor.core.memory.MemoryEstimate;
import org.llmadvisor.core.units.ByteSize;
import org.llmadvisor.core.units.UsdAmount;
import org.llmadvisor.core.workload.DeploymentShape;

/**
 * The slot search on made-up servers: each count's capacity, whether it fits and the fleet it needs
 * are given by hand, so which count wins and why the search stopped can be read off.
 */
class SlotSearchTest {

  /** A server with {@code slots}: capacity by hand, 24 GB of memory of which each slot takes 2. */
  private record Made(Map<Integer, Double> capacity, Map<Integer, Integer> replicas)
      implements SlotSearch.Candidate {

    static final List<Integer> RUN = new ArrayList<>();

    @Override
    public SlotSearch.Server size(int slots) {
      double gb = 8 + 2.0 * slots;
      return new SlotSearch.Server(
          slots, memory(gb), capacity.get(slots), capacity.get(1), 10 + slots, 10, null);
    }

    @Override
    public SlotSearch.Trial run(SlotSearch.Server s) {
      RUN.add(s.slots());
      int n = replicas.get(s.slots());
      return new SlotSearch.Trial(s, candidate(n, n * 100.0), 1_000, 0);
    }
  }

  private static MemoryEstimate memory(double gb) {
    ByteSize total = ByteSize.ofGB((long) gb);
    ByteSize z = ByteSize.ofGB(0);
    return new MemoryEstimate(
        z, z, z, z, total, gb <= 24, 33, 33, total, z, ByteSize.ofGB(24), 0, 0, 1, total, z);
  }

  private static Recommendation candidate(int replicas, double monthlyUsd) {
    DeploymentShape shape = new DeploymentShape(replicas, 1);
    return new Recommendation(
        RecommendationId.ollama("llama3:8b", "rtx-4090", Acquisition.BUY, shape),
        "ollama",
        "Llama 3 8B Q4_K_M",
        "llama3:8b",
        Optional.of(
            new LocalDeployment(
                "llama-3-8b",
                "Q4_K_M",
                "Card",
                "rtx-4090",
                Acquisition.BUY,
                8_000_000_000L,
                new LocalDeployment.MemoryPlacement(ByteSize.ofGB(10), true, 33, 33, 4096),
                shape)),
        new Predicted(500.0, 1_000.0, 50.0, 100.0, 50.0, UsdAmount.of(monthlyUsd), UsdAmount.of(1)),
        Optional.of(66.0),
        Set.of(),
        List.of("by hand"),
        new CostBreakdown(monthlyUsd, monthlyUsd, 0, monthlyUsd, 0, 0, 1, List.of("by hand")));
  }

  private static SlotSearch.Choice search(Made m, double peak) {
    Made.RUN.clear();
    return new SlotSearch(64).search(m, peak, true);
  }

  @Test
  void should_keep_the_most_slots_that_fit_when_each_doubling_lowers_the_servers() {
    // 8 slots take 24 GB, 16 would take 40: memory ends the search at 8
    Made m =
        new Made(
            Map.of(1, 1.0, 2, 1.9, 4, 3.5, 8, 6.0, 16, 9.0),
            Map.of(1, 20, 2, 11, 4, 6, 8, 4, 16, 3));

    SlotSearch.Choice c = search(m, 19);

    assertThat(c.best().slots()).isEqualTo(8);
    assertThat(c.why()).isEqualTo(SlotSearch.Stop.MEMORY);
    assertThat(c.next().slots()).isEqualTo(16);
    assertThat(Made.RUN).containsExactly(1, 2, 4, 8);
  }

  @Test
  void should_stop_without_simulating_when_a_doubling_adds_little_capacity() {
    Made m = new Made(Map.of(1, 1.0, 2, 1.9, 4, 2.0), Map.of(1, 20, 2, 11, 4, 10));

    SlotSearch.Choice c = search(m, 19);

    assertThat(c.best().slots()).isEqualTo(2);
    assertThat(c.why()).isEqualTo(SlotSearch.Stop.COMPUTE);
    assertThat(Made.RUN).containsExactly(1, 2);
  }

  @Test
  void should_keep_the_fewer_slots_when_more_need_as_many_servers() {
    // 4 slots would keep up with 3 servers, but their slower steps need 6 for the target
    Made m = new Made(Map.of(1, 1.0, 2, 1.9, 4, 3.5), Map.of(1, 9, 2, 5, 4, 6));

    SlotSearch.Choice c = search(m, 8);

    assertThat(c.best().slots()).isEqualTo(2);
    assertThat(c.why()).isEqualTo(SlotSearch.Stop.LATENCY);
    assertThat(c.nextRun().replicas()).isEqualTo(6);
  }

  @Test
  void should_stop_at_one_slot_when_one_server_meets_the_target() {
    Made m = new Made(Map.of(1, 1.0), Map.of(1, 1));

    SlotSearch.Choice c = search(m, 0.5);

    assertThat(c.best().slots()).isEqualTo(1);
    assertThat(c.why()).isEqualTo(SlotSearch.Stop.ONE_SERVER_ENOUGH);
    assertThat(Made.RUN).containsExactly(1);
  }
}
