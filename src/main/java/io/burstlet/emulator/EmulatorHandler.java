package io.burstlet.emulator;

import java.time.Duration;

/**
 * The cloud-specific part of an emulator, served by {@link EmulatorServer}. The server applies
 * {@link Fault}s and counts calls; the handler names operations, answers them, and renders errors
 * in its cloud's format. Called from several threads at once: implementations are thread-safe.
 */
public interface EmulatorHandler {

  /**
   * Names the operation a request invokes, for fault matching and call counting, e.g. {@code "PUT
   * containerGroups"} or {@code "CreateContainerGroup"}. Never null: name unknown routes too (e.g.
   * {@code "unknown"}) and answer them with a 404 from {@link #handle}. Must not throw.
   */
  String operation(EmulatorRequest request);

  /**
   * Performs the operation and returns the answer. May throw {@link EmulatorErrorException} to
   * answer with a prepared error; any other exception is logged (class and message only) and
   * answered with {@link #serverError serverError(request, 500)}.
   */
  EmulatorResponse handle(String operation, EmulatorRequest request) throws Exception;

  /**
   * The throttling answer in this cloud's format, e.g. ARM: 429 with a {@code Retry-After} header
   * and a CloudError body; ECI: {@code Throttling} error. The server adds no headers of its own.
   */
  EmulatorResponse throttled(EmulatorRequest request, Duration retryAfter);

  /**
   * A 5xx answer with {@code status} in this cloud's format; used for injected server errors,
   * apply-then-fail, and unexpected exceptions from {@link #handle}.
   */
  EmulatorResponse serverError(EmulatorRequest request, int status);
}
