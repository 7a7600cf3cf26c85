package org.llmadvisor.app.gateway;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The gateway tests against the packaged application (the jar here, the native binary where built),
 * with the same fixture backends: their settings reach the application's process.
 */
@QuarkusIntegrationTest
class GatewayIT extends GatewayTest {}
