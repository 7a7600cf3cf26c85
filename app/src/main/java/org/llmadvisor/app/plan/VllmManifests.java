package org.llmadvisor.app.plan;

/**
 * vLLM's Kubernetes manifests for a plan: a StatefulSet of one pod per server behind a headless
 * Service, as the Ollama manifests are, so the app lists each server in its base-url.
 */
final class VllmManifests {

  private VllmManifests() {}

  static String statefulSet(VllmBundle.Target t) {
    StringBuilder args = new StringBuilder();
    VllmBundle.args(t).forEach(a -> args.append("            - \"").append(a).append("\"\n"));
    return "# vLLM serving "
        + t.servedName()
        + " for the LLM Deployment Advisor: one pod per server, each with "
        + t.gpus()
        + " GPU(s) for tensor parallelism\n"
        + "apiVersion: apps/v1\n"
        + "kind: StatefulSet\n"
        + "metadata:\n"
        + "  name: vllm\n"
        + "  labels:\n"
        + "    app.kubernetes.io/name: vllm\n"
        + "spec:\n"
        + "  serviceName: vllm\n"
        + "  replicas: "
        + t.shape().replicas()
        + "\n"
        + "  selector:\n"
        + "    matchLabels:\n"
        + "      app.kubernetes.io/name: vllm\n"
        + "  template:\n"
        + "    metadata:\n"
        + "      labels:\n"
        + "        app.kubernetes.io/name: vllm\n"
        + "    spec:\n"
        + "      containers:\n"
        + "        - name: vllm\n"
        + "          image: "
        + VllmBundle.IMAGE
        + "\n"
        + "          args:\n"
        + args
        + "          ports:\n"
        + "            - name: api\n"
        + "              containerPort: "
        + VllmBundle.PORT
        + "\n"
        + "          env:\n"
        + "            # a gated model needs it; a public one starts without the Secret\n"
        + "            - name: HF_TOKEN\n"
        + "              valueFrom:\n"
        + "                secretKeyRef:\n"
        + "                  name: "
        + VllmBundle.SECRET
        + "\n"
        + "                  key: token\n"
        + "                  optional: true\n"
        + "            - name: HF_HOME\n"
        + "              value: "
        + VllmBundle.CACHE
        + "\n"
        + "          # vLLM answers 200 once the model is loaded; the first start downloads it\n"
        + "          readinessProbe:\n"
        + "            httpGet:\n"
        + "              path: /health\n"
        + "              port: api\n"
        + "            periodSeconds: 10\n"
        + "          resources:\n"
        + "            limits:\n"
        + "              nvidia.com/gpu: \""
        + t.gpus()
        + "\"\n"
        + "          volumeMounts:\n"
        + "            - name: hf-cache\n"
        + "              mountPath: "
        + VllmBundle.CACHE
        + "\n"
        + "            - name: shm\n"
        + "              mountPath: /dev/shm\n"
        + "      volumes:\n"
        + "        # the tensor-parallel workers share tensors through /dev/shm (vLLM's Kubernetes"
        + " guide)\n"
        + "        - name: shm\n"
        + "          emptyDir:\n"
        + "            medium: Memory\n"
        + "            sizeLimit: 2Gi\n"
        + "  volumeClaimTemplates:\n"
        + "    - metadata:\n"
        + "        name: hf-cache\n"
        + "      spec:\n"
        + "        accessModes: [\"ReadWriteOnce\"]\n"
        + "        resources:\n"
        + "          requests:\n"
        + "            storage: 100Gi\n";
  }

  static String service() {
    return "apiVersion: v1\n"
        + "kind: Service\n"
        + "metadata:\n"
        + "  name: vllm\n"
        + "spec:\n"
        + "  # headless: each server has its own name (vllm-0.vllm, vllm-1.vllm …), so the app lists\n"
        + "  # them all in its base-url and balances by calls in flight\n"
        + "  clusterIP: None\n"
        + "  selector:\n"
        + "    app.kubernetes.io/name: vllm\n"
        + "  ports:\n"
        + "    - name: api\n"
        + "      port: "
        + VllmBundle.PORT
        + "\n"
        + "      targetPort: api\n";
  }
}
