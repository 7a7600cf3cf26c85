package org.llmadvisor.providers;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A conformance case that needs a recorded answer a live provider cannot be asked for (a 500, a
 * 429, a garbled body, a broken stream): it runs on fixtures and is skipped, with its reason, when
 * the suite runs against a live provider.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface FixturesOnly {}
