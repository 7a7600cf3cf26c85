package org.llmadvisor.app.gateway;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The vLLM gateway tests against the packaged application, with the same vLLM stand-ins. */
@QuarkusIntegrationTest
class VllmGatewayIT extends VllmGatewayTest {}
