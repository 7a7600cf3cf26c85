package org.llmadvisor.app;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The advice API tests against the packaged application (the jar here, the native binary where
 * built).
 */
@QuarkusIntegrationTest
class AdviceResourceIT extends AdviceResourceTest {}
