package io.burstlet.emulator.eci;

import java.util.Map;

/** One ECI API action. Implementations are stateless apart from the shared {@link EciRegion}. */
interface EciAction {

  /**
   * Performs the action with the request's (already authenticated) parameters.
   *
   * @return the response body without {@code RequestId}, which the caller puts first
   * @throws EciApiException to answer with an ECI error
   */
  Map<String, Object> handle(EciParameters params);
}
