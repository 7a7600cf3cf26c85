package org.llmadvisor.app.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings under {@code advisor.*}; every key can also be given as -D option or environment. */
@ConfigMapping(prefix = "advisor")
public interface AdvisorConfig {

  /** Catalog overrides. */
  Catalog catalog();

  /** The deployments the gateway can call, by id: {@code advisor.deployments.<id>.*}. */
  Map<String, DeploymentConfig> deployments();

  /**
   * Access keys for /v1 and /api/plan (ADVISOR_API_KEYS, comma-separated); none means open on
   * loopback.
   */
  @WithName("api-keys")
  Optional<List<String>> apiKeys();

  /** Routing policy. */
  Routing routing();

  /** How the embedded ledger stores calls. */
  LedgerSettings ledger();

  /** The OpenAI-compatible gateway ({@code /v1}). */
  GatewaySettings gateway();

  interface GatewaySettings {
    /**
     * Chat calls run through the gateway's code at start, over loopback to a server of its own, so
     * that the first client calls are not slowed by a JVM still interpreting it; 0 switches it off
     * (ADVISOR_GATEWAY_WARM_UP_CALLS).
     */
    @WithName("warm-up-calls")
    @WithDefault("3000")
    int warmUpCalls();

    /**
     * After the warm-up calls, the longest the start waits for the JIT compilers to finish what
     * start-up and warm-up queued (ADVISOR_GATEWAY_WARM_UP_SETTLE): on two cores the compilers'
     * backlog took more CPU than the first few hundred client calls, which waited for it.
     */
    @WithName("warm-up-settle")
    @WithDefault("10s")
    java.time.Duration warmUpSettle();
  }

  /** Where a model the catalog does not hold is read from ({@code advisor.models.*}). */
  ModelSources models();

  interface ModelSources {
    /**
     * Read an Ollama tag or a Hugging Face repository the catalog does not hold from its registry
     * (headers only, never the weights); off, such a name is refused (ADVISOR_MODELS_ONLINE).
     */
    @WithDefault("true")
    boolean online();

    /** The Ollama registry. */
    @WithName("ollama-registry")
    @WithDefault("https://registry.ollama.ai")
    String ollamaRegistry();

    /** Hugging Face, for repositories and hf.co tags. */
    @WithName("hugging-face")
    @WithDefault("https://huggingface.co")
    String huggingFace();

    /** Token for gated Hugging Face repositories; HF_TOKEN when not set here. */
    @WithName("hf-token")
    Optional<String> hfToken();

    /** How long one registry request may take. */
    @WithDefault("10s")
    Duration timeout();
  }

  /** Folder of the embedded ledger database and its journal (ADVISOR_DATA_DIR). */
  @WithName("data-dir")
  @WithDefault("./data")
  String dataDir();

  /** Detection and measurement of the machine the app runs on ({@code /api/system}). */
  MachineSettings machine();

  /** Applying a plan ({@code /api/plan}). */
  PlanSettings plan();

  interface PlanSettings {
    /**
     * How long Ollama keeps a plan's model in memory after warming it (ADVISOR_PLAN_KEEP_ALIVE).
     */
    @WithName("keep-alive")
    @WithDefault("30m")
    Duration keepAlive();

    /**
     * How often the app looks for a plan another replica stored in the shared database
     * (ADVISOR_PLAN_REFRESH_PERIOD).
     */
    @WithName("refresh-period")
    @WithDefault("1s")
    Duration refreshPeriod();
  }

  interface MachineSettings {
    /** How long each memory measurement runs (ADVISOR_MACHINE_MEASURE_DURATION). */
    @WithName("measure-duration")
    @WithDefault("1s")
    Duration measureDuration();

    /** MiB the measurements read, well above the CPU caches (ADVISOR_MACHINE_MEASURE_MIB). */
    @WithName("measure-mib")
    @WithDefault("512")
    int measureMib();

    /** How long a vendor tool (nvidia-smi, rocm-smi …) may take before it is given up. */
    @WithName("command-timeout")
    @WithDefault("5s")
    Duration commandTimeout();

    /** The Ollama server on this machine (ADVISOR_MACHINE_OLLAMA_URL). */
    @WithName("ollama-url")
    @WithDefault("http://127.0.0.1:11434")
    String ollamaUrl();
  }

  interface LedgerSettings {
    /**
     * Embedded database only: answer a call once its record is appended to the journal in the data
     * folder, and move records into the database in batches (ADVISOR_LEDGER_JOURNAL). With false
     * every call commits its own transaction. PostgreSQL is always written directly, since replicas
     * share it and a pod's disk may not outlive the pod.
     */
    @WithDefault("true")
    boolean journal();

    /** How often journaled records are moved into the database (ADVISOR_LEDGER_APPLY_INTERVAL). */
    @WithName("apply-interval")
    @WithDefault("200ms")
    Duration applyInterval();

    /**
     * Force each journal write to the device before answering (ADVISOR_LEDGER_FSYNC): survives a
     * power cut, at the cost of a disk flush per group of calls. Without it a journaled call
     * survives the process being killed, as the embedded database's own commits do.
     */
    @WithDefault("false")
    boolean fsync();

    /**
     * Embedded journal only: how long a call's budget reservation, held in memory, counts at most
     * (ADVISOR_LEDGER_RESERVATION_LEASE). Longer than any deployment's timeout, so that only a
     * reservation no call settles ever ends this way.
     */
    @WithName("reservation-lease")
    @WithDefault("15m")
    Duration reservationLease();
  }

  interface Catalog {
    /**
     * A JSON file whose rows replace bundled rows with the same id or add new ones
     * (ADVISOR_CATALOG_FILE).
     */
    Optional<Path> file();
  }

  interface DeploymentConfig {
    /** ollama | openai | azure-openai | vllm */
    String provider();

    /**
     * Provider root URL (a vLLM server's root, as {@code http://gpu-1:8000}); OpenAI defaults to
     * https://api.openai.com/v1. Several URLs separated by commas are replicas of this deployment,
     * balanced by calls in flight.
     */
    @WithName("base-url")
    Optional<String> baseUrl();

    /** Ollama tag, OpenAI model, Azure deployment name, or the model name a vLLM server serves. */
    Optional<String> model();

    /**
     * Secret; read from the environment (ADVISOR_DEPLOYMENTS_<ID>_API_KEY), never logged. Required
     * for OpenAI and Azure; for vLLM only when the server was started with {@code --api-key}.
     */
    @WithName("api-key")
    Optional<String> apiKey();

    /** Azure: selects the /openai/deployments endpoint with this api-version. */
    @WithName("api-version")
    Optional<String> apiVersion();

    /** Hardware catalog id of the machine a local (Ollama, vLLM) deployment runs on. */
    Optional<String> hardware();

    /** Per-request timeout. */
    @WithDefault("60s")
    Duration timeout();
  }

  interface Routing {
    /** Consecutive retriable failures that open a deployment's circuit. */
    @WithName("failure-threshold")
    @WithDefault("3")
    int failureThreshold();

    /** How long an open circuit skips its deployment. */
    @WithDefault("30s")
    Duration cooldown();

    /** Recent calls per deployment over which the measured p95 is taken. */
    @WithName("latency-window")
    @WithDefault("50")
    int latencyWindow();

    /** Calls needed before a measured p95 can shift traffic. */
    @WithName("min-samples")
    @WithDefault("10")
    int minSamples();

    /**
     * Consecutive failures that eject one replica of a deployment (a refused connection ejects at
     * once).
     */
    @WithName("replica-failure-threshold")
    @WithDefault("2")
    int replicaFailureThreshold();

    /** How long an ejected replica gets no calls before one trial call may re-admit it. */
    @WithName("replica-cooldown")
    @WithDefault("10s")
    Duration replicaCooldown();
  }
}
