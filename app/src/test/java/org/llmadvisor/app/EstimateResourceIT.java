package org.llmadvisor.app;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The estimate API tests against the packaged application (the jar here, the native binary where
 * built).
 */
@QuarkusIntegrationTest
class EstimateResourceIT extends EstimateResourceTest {}
