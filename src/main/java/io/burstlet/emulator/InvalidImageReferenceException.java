package io.burstlet.emulator;

/** An image reference that Docker would refuse to parse ({@code InvalidImageName}). */
public class InvalidImageReferenceException extends IllegalArgumentException {
  public InvalidImageReferenceException(String message) {
    super(message);
  }
}
