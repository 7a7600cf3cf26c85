package org.llmadvisor.service;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Map;
import org.llmadvisor.core.advice.Advice;

/**
 * The advice, plus what configured deployments measured this month for candidates they serve, keyed
 * by recommendation id, so predicted and measured sit side by side.
 */
public record AdviceResponse(@JsonUnwrapped Advice advice, Map<String, Measurements> measured) {}
