package io.burstlet.emulator;

/** When a terminated simulated container is started again; the clouds' three policies. */
public enum RestartPolicy {
  ALWAYS,
  ON_FAILURE,
  NEVER;

  /** Whether a run that exited with {@code exitCode} is followed by another run. */
  public boolean restartsAfter(int exitCode) {
    return switch (this) {
      case ALWAYS -> true;
      case ON_FAILURE -> exitCode != 0;
      case NEVER -> false;
    };
  }
}
