package io.burstlet.config;

/** The taint every node of a provider carries, so only opted-in pods land there. */
public record TaintConfig(String key, String value, String effect) {}
