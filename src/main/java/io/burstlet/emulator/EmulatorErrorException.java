package io.burstlet.emulator;

import java.util.Objects;

/**
 * Thrown by a handler to answer with a prepared error response (e.g. ARM 404 {@code
 * ResourceNotFound}, ECI 400 {@code InvalidParameter}) from deep inside its logic. The message is
 * for logs and must not contain secrets.
 */
public class EmulatorErrorException extends RuntimeException {

  private final transient EmulatorResponse response;

  public EmulatorErrorException(String message, EmulatorResponse response) {
    super(message);
    this.response = Objects.requireNonNull(response, "response");
  }

  /** The answer to send. */
  public EmulatorResponse response() {
    return response;
  }
}
