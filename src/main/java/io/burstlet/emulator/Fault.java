package io.burstlet.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * A misbehaviour an emulator shows for one call instead of (or on top of) a normal answer. {@link
 * EmulatorServer} applies every kind uniformly; the emulator only renders error bodies in its
 * cloud's format through {@link EmulatorHandler}.
 */
public sealed interface Fault
    permits Fault.Throttle, Fault.ServerError, Fault.Delay, Fault.Drop, Fault.ApplyThenFail {

  /** Refuse the call as throttled, asking the client to retry after {@code retryAfter}. */
  record Throttle(Duration retryAfter) implements Fault {
    public Throttle {
      Objects.requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative");
      }
    }
  }

  /** Refuse the call with a 5xx status, without applying it. */
  record ServerError(int status) implements Fault {
    public ServerError {
      requireServerError(status);
    }
  }

  /** Answer normally, but only after {@code delay}. */
  record Delay(Duration delay) implements Fault {
    public Delay {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative");
      }
    }
  }

  /** Close the connection without answering; the client sees an I/O error. */
  record Drop() implements Fault {}

  /**
   * Apply the call (e.g. create the container group) but answer with a 5xx status: the client
   * cannot tell whether it took effect, which is what idempotent retries must survive.
   */
  record ApplyThenFail(int status) implements Fault {
    public ApplyThenFail {
      requireServerError(status);
    }
  }

  static Fault throttle(Duration retryAfter) {
    return new Throttle(retryAfter);
  }

  static Fault serverError(int status) {
    return new ServerError(status);
  }

  static Fault delay(Duration delay) {
    return new Delay(delay);
  }

  static Fault drop() {
    return new Drop();
  }

  static Fault applyThenFail(int status) {
    return new ApplyThenFail(status);
  }

  private static void requireServerError(int status) {
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("status must be 5xx, was " + status);
    }
  }
}
